package io.llmux.usage;

/**
 * The finest grain the ledger keeps: one key's use of one provider's model in one period. Every
 * report grouping (by model, provider or key) and every total is a sum of lines.
 */
public record UsageLine(String keyId, String provider, String model, UsageCounts counts) {
}

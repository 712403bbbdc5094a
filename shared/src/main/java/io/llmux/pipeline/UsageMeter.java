package io.llmux.pipeline;

/**
 * Where settled usage goes: the budget ledger and usage reports (DynamoDB) in production. The
 * pipeline calls it exactly once per request that reached a provider, whatever the outcome.
 */
public interface UsageMeter {

    void record(UsageRecord record);
}

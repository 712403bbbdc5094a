package io.llmux.pipeline;

import io.llmux.tokens.Usage;

/**
 * What one request consumed, settled once.
 *
 * @param requestId  the request's id
 * @param tenantId   the tenant that pays
 * @param keyId      the key that called
 * @param operation  chat or embeddings
 * @param provider   the provider that served it
 * @param model      the model the provider ran
 * @param usage      tokens, and whether the provider or LLMux counted them
 * @param costMicros the cost in micro-dollars, from the pricing catalogue
 * @param outcome    completed, failed (the provider failed mid-stream) or cancelled (the client left)
 */
public record UsageRecord(String requestId, String tenantId, String keyId, String operation, String provider, String model, Usage usage,
                          long costMicros, Outcome outcome) {

    public enum Outcome { COMPLETED, FAILED, CANCELLED }
}

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
 * @param cached     answered from the response cache: no provider call, cost 0, and the tokens of
 *                   the call that was cached (so reports can tell the tokens served from those paid for)
 */
public record UsageRecord(String requestId, String tenantId, String keyId, String operation, String provider, String model, Usage usage,
                          long costMicros, Outcome outcome, boolean cached) {

    /** A record of a provider call (not a cache hit). */
    public UsageRecord(String requestId, String tenantId, String keyId, String operation, String provider, String model, Usage usage,
                       long costMicros, Outcome outcome) {
        this(requestId, tenantId, keyId, operation, provider, model, usage, costMicros, outcome, false);
    }

    public enum Outcome { COMPLETED, FAILED, CANCELLED }
}

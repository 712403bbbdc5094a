package io.llmux.ratelimit;

import java.util.concurrent.CompletableFuture;

/**
 * The rate-limiter port: counts a request against every policy that applies to it, atomically
 * (either every counter takes it, or none does), and says whether it is admitted.
 */
public interface RateLimiter {

    /**
     * Counts the request if every policy admits it. Completes with the decision (admitted or
     * refused, with the in-flight slot held when admitted); fails only when the limiter itself
     * cannot answer (Redis down).
     */
    CompletableFuture<Admission> acquire(RateLimitRequest request);
}

package io.llmux.ratelimit;

import java.time.Duration;
import java.util.List;

/**
 * The limiter's answer for one request: admitted or not, and the state of every policy that
 * applied (what the RateLimit and x-ratelimit-* response headers report).
 *
 * @param exceeded   the policy that refused the request, or null when admitted
 * @param retryAfter when a refused request could be admitted, or null when admitted
 * @param shared     whether the counts are shared by every instance (Redis) or this instance's own
 */
public record RateLimitDecision(boolean allowed, List<PolicyState> states, RatePolicy exceeded, Duration retryAfter,
                                boolean shared) {

    /** No limit applies: nothing to count, nothing to report. */
    public static final RateLimitDecision UNLIMITED = new RateLimitDecision(true, List.of(), null, null, true);

    public RateLimitDecision {
        states = List.copyOf(states);
    }

    public static RateLimitDecision allowed(List<PolicyState> states, boolean shared) {
        return new RateLimitDecision(true, states, null, null, shared);
    }

    public static RateLimitDecision refused(List<PolicyState> states, RatePolicy exceeded, Duration retryAfter, boolean shared) {
        return new RateLimitDecision(false, states, exceeded, retryAfter, shared);
    }
}

package io.llmux.ratelimit;

/**
 * Where a request left one policy.
 *
 * @param remaining   quota units left (never negative)
 * @param resetMillis until the policy's quota is restored (for the limit that refused a request:
 *                    until that request would be admitted, the same instant as Retry-After);
 *                    0 for in-flight limits, which have no window
 */
public record PolicyState(RatePolicy policy, long remaining, long resetMillis) {
}

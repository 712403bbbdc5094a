package io.llmux.ratelimit;

import java.util.List;

/**
 * What one request asks of the limiter.
 *
 * @param rates     the windowed policies that apply (requests and tokens per minute, key and tenant)
 * @param inFlight  the key's in-flight policy, or null
 * @param tokenCost the request's estimated tokens (0 when no token policy applies)
 */
public record RateLimitRequest(String tenantId, String keyId, List<RatePolicy> rates, RatePolicy inFlight, long tokenCost) {

    public RateLimitRequest {
        rates = List.copyOf(rates);
    }

    /** What this request costs against a windowed policy. */
    public long cost(RatePolicy policy) {
        return policy.kind() == LimitKind.TOKENS ? tokenCost : 1;
    }

    public boolean unlimited() {
        return rates.isEmpty() && inFlight == null;
    }
}

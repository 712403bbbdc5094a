package io.llmux.ratelimit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response header fields that report a {@link RateLimitDecision}, the same on every route.
 *
 * <p>IETF fields, per draft-ietf-httpapi-ratelimit-headers-10 (September 2025), sections 3 and 4
 * (https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/): both are Structured
 * Field Lists (RFC 9651) of items whose value is the policy name as an sf-string, one item per
 * policy. {@code RateLimit-Policy} gives each policy's quota {@code q}, window {@code w} in seconds
 * and quota unit {@code qu} (default "request"; "concurrent-requests" for in-flight limits, and
 * "tokens", which the draft's registry does not list, for token limits); {@code RateLimit} gives
 * the remaining quota {@code r} and the seconds until it is restored {@code t} (omitted for
 * in-flight limits, which have no window):
 * <pre>
 *   RateLimit-Policy: "key-rpm";q=60;w=60, "tenant-tpm";q=100000;w=60;qu="tokens"
 *   RateLimit: "key-rpm";r=41;t=97, "tenant-tpm";r=98211;t=97
 * </pre>
 *
 * <p>OpenAI's fields ({@code x-ratelimit-limit-requests} ... {@code x-ratelimit-reset-tokens})
 * describe one requests limit and one tokens limit: where key and tenant both have one, the
 * one with less quota left is reported. Resets are written as OpenAI writes them ({@code 1s},
 * {@code 6m0s}, {@code 250ms}).
 */
public final class RateLimitHeaders {

    public static final String POLICY = "RateLimit-Policy";
    public static final String STATE = "RateLimit";

    private RateLimitHeaders() {
    }

    /** Header name to value, in a stable order; empty when no limit applies. */
    public static Map<String, String> of(RateLimitDecision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (decision == null || decision.states().isEmpty()) {
            return headers;
        }
        List<String> policies = new ArrayList<>();
        List<String> states = new ArrayList<>();
        PolicyState requests = null;
        PolicyState tokens = null;
        for (PolicyState state : decision.states()) {
            RatePolicy policy = state.policy();
            StringBuilder p = new StringBuilder().append('"').append(policy.name()).append("\";q=").append(policy.limit());
            StringBuilder s = new StringBuilder().append('"').append(policy.name()).append("\";r=").append(state.remaining());
            switch (policy.kind()) {
                case REQUESTS -> {
                    p.append(";w=").append(RedisRateLimiter.WINDOW.toSeconds());
                    s.append(";t=").append(seconds(state.resetMillis()));
                    requests = tighter(requests, state);
                }
                case TOKENS -> {
                    p.append(";w=").append(RedisRateLimiter.WINDOW.toSeconds()).append(";qu=\"tokens\"");
                    s.append(";t=").append(seconds(state.resetMillis()));
                    tokens = tighter(tokens, state);
                }
                case IN_FLIGHT -> p.append(";qu=\"concurrent-requests\"");
            }
            policies.add(p.toString());
            states.add(s.toString());
        }
        headers.put(POLICY, String.join(", ", policies));
        headers.put(STATE, String.join(", ", states));
        if (requests != null) {
            headers.put("x-ratelimit-limit-requests", Long.toString(requests.policy().limit()));
            headers.put("x-ratelimit-remaining-requests", Long.toString(requests.remaining()));
            headers.put("x-ratelimit-reset-requests", openAiDuration(requests.resetMillis()));
        }
        if (tokens != null) {
            headers.put("x-ratelimit-limit-tokens", Long.toString(tokens.policy().limit()));
            headers.put("x-ratelimit-remaining-tokens", Long.toString(tokens.remaining()));
            headers.put("x-ratelimit-reset-tokens", openAiDuration(tokens.resetMillis()));
        }
        return headers;
    }

    private static PolicyState tighter(PolicyState current, PolicyState candidate) {
        return current == null || candidate.remaining() < current.remaining() ? candidate : current;
    }

    /** Whole seconds, rounded up (a client that waits that long is not early). */
    static long seconds(long millis) {
        return (millis + 999) / 1000;
    }

    /**
     * A duration as OpenAI (and Go's time.Duration) writes it: {@code 0s}, {@code 250ms},
     * {@code 1s}, {@code 1.5s}, {@code 6m0s}, {@code 1h2m3s}.
     */
    public static String openAiDuration(long millis) {
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        StringBuilder out = new StringBuilder();
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long secondsMillis = millis % 60_000;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(secondsMillis / 1000);
        long fraction = secondsMillis % 1000;
        if (fraction > 0) {
            String digits = String.format("%03d", fraction).replaceAll("0+$", "");
            out.append('.').append(digits);
        }
        return out.append('s').toString();
    }
}

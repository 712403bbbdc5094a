package io.llmux.tenancy;

/**
 * Rate limits; a null field means "no limit at this level" (the tenant's default applies to a key).
 *
 * @param requestsPerMinute requests per minute
 * @param tokensPerMinute   prompt plus maximum output tokens per minute
 * @param maxInFlight       concurrent requests
 */
public record Limits(Integer requestsPerMinute, Integer tokensPerMinute, Integer maxInFlight) {

    public static final Limits NONE = new Limits(null, null, null);
}

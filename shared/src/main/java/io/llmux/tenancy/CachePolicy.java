package io.llmux.tenancy;

/**
 * Whether the response cache answers a tenant's (or one key's) requests, and for how long an
 * answer stays. A null field inherits: a key's from its tenant's, a tenant's from the gateway's
 * {@code llmux.cache.*} settings (off unless the operator turns it on).
 *
 * @param enabled    whether complete answers are stored and replayed, or null to inherit
 * @param ttlSeconds how long a stored answer is served, or null to inherit
 */
public record CachePolicy(Boolean enabled, Integer ttlSeconds) {

    public static final CachePolicy INHERIT = new CachePolicy(null, null);

    /** This policy's fields where set, else {@code fallback}'s. */
    public CachePolicy over(CachePolicy fallback) {
        if (fallback == null) {
            return this;
        }
        return new CachePolicy(enabled != null ? enabled : fallback.enabled(), ttlSeconds != null ? ttlSeconds : fallback.ttlSeconds());
    }
}

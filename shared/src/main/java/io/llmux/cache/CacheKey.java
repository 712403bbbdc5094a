package io.llmux.cache;

/**
 * Where one answer is cached: the tenant it belongs to and the fingerprint of the request
 * ({@link RequestFingerprint}). The tenant is part of the key itself, not only of the hash, so no
 * lookup can ever reach another tenant's answers.
 *
 * @param tenantId    the tenant whose request was answered
 * @param fingerprint the request's SHA-256, hex
 */
public record CacheKey(String tenantId, String fingerprint) {

    /**
     * The Redis key: {@code llmux:cache:{tenantId}:<sha256>}. The braces are a cluster hash tag:
     * all of a tenant's entries live in one slot, so multi-key commands over one tenant's entries
     * (MGET) are legal in cluster mode.
     */
    public String redisKey() {
        return "llmux:cache:{" + tenantId + "}:" + fingerprint;
    }
}

package io.llmux.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A tenant's API key as stored: never the key itself, only its keyed hash.
 *
 * @param id            stable id, used by the admin API ({@code key_...})
 * @param prefix        the first characters of the key, shown to people to tell keys apart
 * @param hash          HMAC-SHA-256 of the key under the server's secret, hex
 * @param scopes        what the key may do ({@code inference})
 * @param allowedModels models this key may use, within the tenant's; empty means the tenant's
 * @param expiresAt     when the key stops working, or null; rotation sets it on the old key
 * @param lastUsedAt    coarse (updated at most once an hour), or null
 * @param cache         this key's override of its tenant's response-cache policy, or null for the tenant's
 */
public record ApiKey(String id, String tenantId, String prefix, String hash, String name, Set<String> scopes,
                     List<String> allowedModels, Limits limits, Budgets budgets, Instant expiresAt, KeyStatus status,
                     Instant createdAt, Instant lastUsedAt, CachePolicy cache) {

    /** A key that follows its tenant's cache policy. */
    public ApiKey(String id, String tenantId, String prefix, String hash, String name, Set<String> scopes,
                  List<String> allowedModels, Limits limits, Budgets budgets, Instant expiresAt, KeyStatus status,
                  Instant createdAt, Instant lastUsedAt) {
        this(id, tenantId, prefix, hash, name, scopes, allowedModels, limits, budgets, expiresAt, status, createdAt, lastUsedAt, null);
    }

    public static final String SCOPE_INFERENCE = "inference";

    public boolean usableAt(Instant now) {
        return status == KeyStatus.ACTIVE && (expiresAt == null || now.isBefore(expiresAt));
    }
}

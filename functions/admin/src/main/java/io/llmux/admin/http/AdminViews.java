package io.llmux.admin.http;

import io.llmux.admin.api.BudgetsBody;
import io.llmux.admin.api.IssuedKeyBody;
import io.llmux.admin.api.KeyBody;
import io.llmux.admin.api.LimitsBody;
import io.llmux.admin.api.CacheBody;
import io.llmux.admin.api.SettingsBody;
import io.llmux.admin.api.TenantBody;
import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.IssuedKey;
import io.llmux.tenancy.KeyStatus;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.TenantSettings;
import java.time.Instant;
import java.util.List;

/** Domain records as the admin API shows them. A key's hash has no field here: it never leaves the store. */
final class AdminViews {

    private AdminViews() {
    }

    static TenantBody tenant(Tenant t) {
        return new TenantBody(t.id(), t.name(), AdminInput.lower(t.status()), settings(t.settings()), t.metadata(),
                time(t.createdAt()), time(t.updatedAt()), t.version());
    }

    static KeyBody key(ApiKey k, Instant now) {
        return new KeyBody(k.id(), k.tenantId(), k.prefix(), k.name(), status(k, now), scopes(k), k.allowedModels(),
                limits(k.limits()), budgets(k.budgets()), cache(k.cache()), time(k.expiresAt()), time(k.createdAt()), time(k.lastUsedAt()));
    }

    static IssuedKeyBody issued(IssuedKey issued, IssuedKeyBody.RotatedFrom rotatedFrom) {
        ApiKey k = issued.key();
        return new IssuedKeyBody(k.id(), k.tenantId(), k.prefix(), k.name(), AdminInput.lower(k.status()), scopes(k), k.allowedModels(),
                limits(k.limits()), budgets(k.budgets()), cache(k.cache()), time(k.expiresAt()), time(k.createdAt()), issued.secret(), rotatedFrom);
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** "expired" is shown for an active key past its expiry (a rotated key after its grace period). */
    private static String status(ApiKey k, Instant now) {
        if (k.status() == KeyStatus.ACTIVE && !k.usableAt(now)) {
            return "expired";
        }
        return AdminInput.lower(k.status());
    }

    private static List<String> scopes(ApiKey k) {
        return k.scopes().stream().sorted().toList();
    }

    private static SettingsBody settings(TenantSettings s) {
        return new SettingsBody(s.allowedModels(), s.defaultRouting(), limits(s.limits()), budgets(s.budgets()), s.timeZone(),
                cache(s.cache()), routes(s.routes()));
    }

    private static java.util.Map<String, io.llmux.admin.api.RouteOverrideBody> routes(
            java.util.Map<String, io.llmux.tenancy.RouteOverride> routes) {
        if (routes == null || routes.isEmpty()) {
            return null;
        }
        java.util.Map<String, io.llmux.admin.api.RouteOverrideBody> views = new java.util.TreeMap<>();
        routes.forEach((group, o) -> views.put(group, new io.llmux.admin.api.RouteOverrideBody(o.strategy(), o.deployments())));
        return views;
    }

    private static CacheBody cache(CachePolicy c) {
        return c == null ? null : new CacheBody(c.enabled(), c.ttlSeconds());
    }

    private static LimitsBody limits(Limits l) {
        return l == null ? null : new LimitsBody(l.requestsPerMinute(), l.tokensPerMinute(), l.maxInFlight());
    }

    private static BudgetsBody budgets(Budgets b) {
        return b == null ? null : new BudgetsBody(b.period(), b.tokens(), b.costMicros(), b.hardCap());
    }
}

package io.llmux.admin.http;

import io.llmux.admin.api.IssuedKeyBody;
import io.llmux.admin.api.KeyBody;
import io.llmux.admin.api.BudgetsView;
import io.llmux.admin.api.CachePolicyView;
import io.llmux.admin.api.LimitsView;
import io.llmux.admin.api.RouteOverrideView;
import io.llmux.admin.api.TenantBody;
import io.llmux.admin.api.TenantSettingsView;
import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.IssuedKey;
import io.llmux.tenancy.KeyStatus;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.RouteOverride;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.TenantSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    private static TenantSettingsView settings(TenantSettings s) {
        return new TenantSettingsView(s.allowedModels(), s.defaultRouting(), limits(s.limits()), budgets(s.budgets()), s.timeZone(),
                cache(s.cache()), routes(s.routes()));
    }

    private static Map<String, RouteOverrideView> routes(Map<String, RouteOverride> routes) {
        if (routes == null || routes.isEmpty()) {
            return null;
        }
        Map<String, RouteOverrideView> views = new TreeMap<>();
        routes.forEach((group, o) -> views.put(group, new RouteOverrideView(o.strategy(), o.deployments() == null ? List.of() : o.deployments())));
        return views;
    }

    private static CachePolicyView cache(CachePolicy c) {
        return c == null ? null : new CachePolicyView(c.enabled(), c.ttlSeconds());
    }

    private static LimitsView limits(Limits l) {
        Limits limits = l == null ? Limits.NONE : l;
        return new LimitsView(limits.requestsPerMinute(), limits.tokensPerMinute(), limits.maxInFlight());
    }

    private static BudgetsView budgets(Budgets b) {
        Budgets budgets = b == null ? Budgets.NONE : b;
        return new BudgetsView(budgets.period(), budgets.tokens(), budgets.costMicros(), budgets.hardCap());
    }
}

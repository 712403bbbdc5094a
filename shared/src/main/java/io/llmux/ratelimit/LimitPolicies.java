package io.llmux.ratelimit;

import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * Which limits apply to a caller. A tenant's limits count all its keys together; a key's own
 * limits (its overrides) count that key alone. A key without overrides is bound by its tenant's
 * limits only: a per-key copy of them could never bind before the tenant-wide one does. The
 * in-flight limit is per key: the key's own, else its tenant's as the default for each key.
 */
public final class LimitPolicies {

    private LimitPolicies() {
    }

    /** The windowed policies (requests and tokens per minute), key ones first. */
    public static List<RatePolicy> rates(Principal principal) {
        Limits key = orNone(principal.key().limits());
        Limits tenant = orNone(principal.tenant().settings().limits());
        List<RatePolicy> rates = new ArrayList<>(4);
        add(rates, LimitScope.KEY, LimitKind.REQUESTS, key.requestsPerMinute());
        add(rates, LimitScope.KEY, LimitKind.TOKENS, key.tokensPerMinute());
        add(rates, LimitScope.TENANT, LimitKind.REQUESTS, tenant.requestsPerMinute());
        add(rates, LimitScope.TENANT, LimitKind.TOKENS, tenant.tokensPerMinute());
        return rates;
    }

    /** The key's in-flight policy, or null. */
    public static RatePolicy inFlight(Principal principal) {
        Integer own = orNone(principal.key().limits()).maxInFlight();
        Integer limit = own != null ? own : orNone(principal.tenant().settings().limits()).maxInFlight();
        return limit == null ? null : new RatePolicy(LimitScope.KEY, LimitKind.IN_FLIGHT, limit);
    }

    private static void add(List<RatePolicy> rates, LimitScope scope, LimitKind kind, Integer limit) {
        if (limit != null) {
            rates.add(new RatePolicy(scope, kind, limit));
        }
    }

    private static Limits orNone(Limits limits) {
        return limits == null ? Limits.NONE : limits;
    }
}

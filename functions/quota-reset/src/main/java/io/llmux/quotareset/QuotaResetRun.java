package io.llmux.quotareset;

import io.llmux.tenancy.Page;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantStore;
import io.llmux.usage.PeriodCloser;
import io.llmux.usage.TenantZones;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: every tenant, a page at a time, has its ended periods closed ({@link PeriodCloser}).
 * A tenant that fails does not stop the others; if any failed, the run fails after the last one,
 * so the invocation is an error (alarmed, and retried by the Scheduler's retry policy), and a
 * retry repeats only what is still open.
 */
@Singleton
public class QuotaResetRun {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaResetRun.class);
    private static final int PAGE = 100;

    /** What a run did. */
    public record Result(Instant at, int tenants, int periodsClosed, int claimsCleared, int failures) {

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("at", at.toString());
            map.put("tenants", tenants);
            map.put("periods_closed", periodsClosed);
            map.put("claims_cleared", claimsCleared);
            map.put("failures", failures);
            return map;
        }
    }

    private final TenantStore tenants;
    private final PeriodCloser closer;
    private final Clock clock;

    public QuotaResetRun(TenantStore tenants, PeriodCloser closer, Clock clock) {
        this.tenants = tenants;
        this.closer = closer;
        this.clock = clock;
    }

    public Result run(Map<String, Object> input) {
        Instant now = clock.instant();
        LOG.atInfo().addKeyValue("scheduled_time", input.get("scheduled_time")).addKeyValue("execution_id", input.get("execution_id"))
                .log("Quota reset run");
        int seen = 0;
        int closed = 0;
        int cleared = 0;
        int failures = 0;
        String token = null;
        do {
            Page<Tenant> page = tenants.list(PAGE, token);
            for (Tenant tenant : page.items()) {
                seen++;
                try {
                    for (PeriodCloser.Outcome outcome : closer.closeEnded(tenant.id(), TenantZones.of(Optional.of(tenant)), now)) {
                        closed += outcome.closed() ? 1 : 0;
                        cleared += outcome.claimsCleared();
                    }
                } catch (RuntimeException e) {
                    failures++;
                    LOG.atError().addKeyValue("tenant_id", tenant.id()).setCause(e).log("Closing the tenant's periods failed");
                }
            }
            token = page.nextToken();
        } while (token != null);
        Result result = new Result(now, seen, closed, cleared, failures);
        LOG.atInfo().addKeyValue("tenants", seen).addKeyValue("periods_closed", closed).addKeyValue("claims_cleared", cleared)
                .addKeyValue("failures", failures).log("Quota reset done");
        if (failures > 0) {
            throw new IllegalStateException(failures + " of " + seen + " tenants could not be closed; see the log. A retry closes what is still open.");
        }
        return result;
    }
}

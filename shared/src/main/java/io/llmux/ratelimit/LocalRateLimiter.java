package io.llmux.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process limiter: the same sliding-window counters as Redis, in this instance's memory.
 * Used when Redis is not configured (the local server) or not answering.
 *
 * <p>Approximate by nature: every instance counts only the requests it served, so N instances
 * together admit up to N times a limit (and a Lambda instance that is recycled forgets its
 * counts). It keeps a runaway client in check while Redis is away; it does not enforce a
 * contract. Within one instance it is exact: a tenant's counters change under one lock.
 */
@Singleton
public final class LocalRateLimiter implements RateLimiter {

    private final Clock clock;
    private final long windowMillis;
    private final Cache<String, TenantCounters> tenants;
    /** Held slots per tenant and key; not in the expiring cache, so a long stream keeps its slot. */
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    public LocalRateLimiter(Clock clock) {
        this(clock, RedisRateLimiter.WINDOW);
    }

    LocalRateLimiter(Clock clock, Duration window) {
        this.clock = clock;
        this.windowMillis = window.toMillis();
        // Idle tenants' windows are forgotten after two windows, when their counts no longer matter.
        this.tenants = Caffeine.newBuilder().expireAfterAccess(window.multipliedBy(2)).build();
    }

    @Override
    public CompletableFuture<Admission> acquire(RateLimitRequest request) {
        if (request.unlimited()) {
            return CompletableFuture.completedFuture(Admission.UNLIMITED);
        }
        TenantCounters counters = tenants.get(request.tenantId(), id -> new TenantCounters());
        return CompletableFuture.completedFuture(counters.acquire(request, clock.millis(), windowMillis, inFlight));
    }

    /** One tenant's counters: key and tenant windows, and in-flight counts per key. */
    private static final class TenantCounters {

        private final Map<String, long[]> windows = new HashMap<>();

        synchronized Admission acquire(RateLimitRequest request, long now, long windowMillis, ConcurrentHashMap<String, Integer> inFlight) {
            long index = SlidingWindow.index(now, windowMillis);
            long elapsed = SlidingWindow.elapsed(now, windowMillis);
            List<RatePolicy> rates = request.rates();
            long[] current = new long[rates.size()];
            long[] previous = new long[rates.size()];
            RatePolicy exceeded = null;
            long retryMillis = 0;
            for (int i = 0; i < rates.size(); i++) {
                RatePolicy policy = rates.get(i);
                String name = counterName(request, policy);
                current[i] = current(name, index);
                previous[i] = previous(name, index);
                long cost = request.cost(policy);
                if (exceeded == null && !SlidingWindow.admits(policy.limit(), cost, current[i], previous[i], elapsed, windowMillis)) {
                    exceeded = policy;
                    retryMillis = SlidingWindow.retryAfterMillis(policy.limit(), cost, current[i], previous[i], elapsed, windowMillis);
                }
            }
            RatePolicy inFlightPolicy = request.inFlight();
            String slotKey = request.tenantId() + ":" + request.keyId();
            int running = inFlightPolicy == null ? 0 : inFlight.getOrDefault(slotKey, 0);
            if (exceeded == null && inFlightPolicy != null && running >= inFlightPolicy.limit()) {
                exceeded = inFlightPolicy;
                retryMillis = RedisRateLimiter.IN_FLIGHT_RETRY.toMillis();
            }
            boolean admitted = exceeded == null;
            List<PolicyState> states = new ArrayList<>(rates.size() + 1);
            for (int i = 0; i < rates.size(); i++) {
                RatePolicy policy = rates.get(i);
                long cost = admitted ? request.cost(policy) : 0;
                if (admitted) {
                    add(counterName(request, policy), index, cost);
                }
                states.add(RedisRateLimiter.state(policy, exceeded, retryMillis, current[i] + cost, previous[i], elapsed, windowMillis));
            }
            InFlightPermit permit = InFlightPermit.NONE;
            if (inFlightPolicy != null) {
                if (admitted) {
                    // Under the tenant's lock only acquisitions are excluded; a release may run
                    // meanwhile, so count on the map's value, not on the one read above.
                    running = inFlight.merge(slotKey, 1, Integer::sum);
                    permit = new InFlightPermit(() -> inFlight.computeIfPresent(slotKey, (k, n) -> n <= 1 ? null : n - 1));
                }
                states.add(new PolicyState(inFlightPolicy, Math.max(0, inFlightPolicy.limit() - running), 0));
            }
            RateLimitDecision decision = admitted
                    ? RateLimitDecision.allowed(states, false)
                    : RateLimitDecision.refused(states, exceeded, Duration.ofMillis(retryMillis), false);
            return new Admission(decision, permit);
        }

        /** Key counters are the key's; tenant counters are shared by all of its keys. */
        private static String counterName(RateLimitRequest request, RatePolicy policy) {
            return policy.scope() == LimitScope.TENANT ? policy.name() : request.keyId() + ":" + policy.name();
        }

        private long current(String name, long index) {
            long[] window = windows.get(name);
            return window != null && window[0] == index ? window[1] : 0;
        }

        private long previous(String name, long index) {
            long[] window = windows.get(name);
            if (window == null) {
                return 0;
            }
            if (window[0] == index) {
                return window[2];
            }
            return window[0] == index - 1 ? window[1] : 0;
        }

        /** Each entry: {window index, count in that window, count in the window before}. */
        private void add(String name, long index, long cost) {
            long[] window = windows.get(name);
            if (window == null) {
                windows.put(name, new long[] {index, cost, 0});
            } else if (window[0] == index) {
                window[1] += cost;
            } else {
                long previous = window[0] + 1 == index ? window[1] : 0;
                window[0] = index;
                window[1] = cost;
                window[2] = previous;
            }
        }
    }
}

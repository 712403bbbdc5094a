package io.llmux.routing;

import io.micronaut.context.env.Environment;
import java.time.Duration;

/**
 * How hard the gateway tries one deployment before it moves on, from {@code llmux.routing.resilience.*}.
 * Every deployment gets its own breaker, bulkhead and retry budget built from these values. The
 * time-to-first-byte and total timeouts are the providers' own ({@code llmux.providers.NAME.first-byte-timeout},
 * {@code total-timeout}): the adapters enforce them, so they are not repeated here.
 *
 * @param maxRetries         retries of one deployment after its first attempt (429, 5xx, timeouts, connection failures)
 * @param backoff            the delay before the first retry; doubled for each further one
 * @param maxBackoff         the longest delay between retries
 * @param jitter             the random share (0 to 1) added to a backoff delay, so retries do not arrive in step
 * @param maxRetryAfter      the longest Retry-After a retry waits for; a provider asking for more is left at once for the next deployment
 * @param breakerEnabled     whether deployments have a circuit breaker
 * @param failureRate        the failure percentage that opens a breaker ...
 * @param minimumCalls       ... over at least this many calls ...
 * @param window             ... within this period
 * @param openFor            how long an open breaker refuses calls before it lets probes through (half-open)
 * @param halfOpenProbes     probe calls let through while half-open; all must succeed to close the breaker
 * @param maxInFlight        the bulkhead: calls (streams included, to their end) one deployment may have in flight on an instance; 0 for no limit
 * @param maxFallbackGroups  how many groups one request may fall back across (fallbacks, context window, content policy)
 */
public record ResilienceSettings(int maxRetries, Duration backoff, Duration maxBackoff, double jitter, Duration maxRetryAfter,
                                 boolean breakerEnabled, int failureRate, int minimumCalls, Duration window, Duration openFor,
                                 int halfOpenProbes, int maxInFlight, int maxFallbackGroups) {

    public static final String PREFIX = "llmux.routing.resilience.";

    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(1, Duration.ofMillis(200), Duration.ofSeconds(2), 0.2,
            Duration.ofSeconds(2), true, 50, 10, Duration.ofSeconds(30), Duration.ofSeconds(30), 2, 0, 2);

    public ResilienceSettings {
        if (maxRetries < 0 || failureRate < 1 || failureRate > 100 || minimumCalls < 1 || halfOpenProbes < 1 || maxInFlight < 0
                || jitter < 0 || jitter > 1 || maxFallbackGroups < 0) {
            throw new IllegalStateException("Invalid " + PREFIX + "* settings: max-retries >= 0, failure-rate 1..100, minimum-calls >= 1, "
                    + "half-open-probes >= 1, max-in-flight >= 0, jitter 0..1, max-fallback-groups >= 0");
        }
    }

    public static ResilienceSettings from(Environment env) {
        ResilienceSettings d = DEFAULTS;
        return new ResilienceSettings(
                env.getProperty(PREFIX + "max-retries", Integer.class, d.maxRetries()),
                env.getProperty(PREFIX + "backoff", Duration.class, d.backoff()),
                env.getProperty(PREFIX + "max-backoff", Duration.class, d.maxBackoff()),
                env.getProperty(PREFIX + "jitter", Double.class, d.jitter()),
                env.getProperty(PREFIX + "max-retry-after", Duration.class, d.maxRetryAfter()),
                env.getProperty(PREFIX + "circuit-breaker.enabled", Boolean.class, d.breakerEnabled()),
                env.getProperty(PREFIX + "circuit-breaker.failure-rate", Integer.class, d.failureRate()),
                env.getProperty(PREFIX + "circuit-breaker.minimum-calls", Integer.class, d.minimumCalls()),
                env.getProperty(PREFIX + "circuit-breaker.window", Duration.class, d.window()),
                env.getProperty(PREFIX + "circuit-breaker.open-for", Duration.class, d.openFor()),
                env.getProperty(PREFIX + "circuit-breaker.half-open-probes", Integer.class, d.halfOpenProbes()),
                env.getProperty(PREFIX + "max-in-flight", Integer.class, d.maxInFlight()),
                env.getProperty(PREFIX + "max-fallback-groups", Integer.class, d.maxFallbackGroups()));
    }
}

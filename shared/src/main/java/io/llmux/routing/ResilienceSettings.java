package io.llmux.routing;

import io.micronaut.context.env.Environment;
import io.micronaut.core.convert.ConversionService;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How hard the gateway tries one deployment before it moves on, from {@code llmux.routing.resilience.*}.
 * Every deployment gets its own breaker, bulkhead and retry budget built from these values, or from
 * its own overrides of them ({@link #DEPLOYMENT_KEYS}, see {@link DeploymentResilience}). The
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

    /**
     * The settings one deployment may set for itself, by key ({@code circuit-breaker.*} written with
     * its dot). Not {@code max-fallback-groups}: that one bounds a request, not a deployment.
     */
    public static final List<String> DEPLOYMENT_KEYS = List.of("max-retries", "backoff", "max-backoff", "jitter", "max-retry-after",
            "max-in-flight", "circuit-breaker.enabled", "circuit-breaker.failure-rate", "circuit-breaker.minimum-calls",
            "circuit-breaker.window", "circuit-breaker.open-for", "circuit-breaker.half-open-probes");

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

    /**
     * One of {@link #DEPLOYMENT_KEYS} read from configuration text or a JSON value into its type
     * (Integer, Double, Boolean or Duration: {@code 200ms}, {@code 30s}, ISO-8601), so two spellings
     * of the same value compare equal.
     *
     * @param where the setting's full name, for the start-up error
     */
    static Object parse(String key, Object raw, String where) {
        Class<?> type = switch (key) {
            case "backoff", "max-backoff", "max-retry-after", "circuit-breaker.window", "circuit-breaker.open-for" -> Duration.class;
            case "jitter" -> Double.class;
            case "circuit-breaker.enabled" -> Boolean.class;
            default -> Integer.class;
        };
        String text = raw == null ? "" : raw.toString().trim();
        Object value;
        if (type == Boolean.class) {
            value = "true".equalsIgnoreCase(text) ? Boolean.TRUE : "false".equalsIgnoreCase(text) ? Boolean.FALSE : null;
        } else if (type == Integer.class) {
            value = text.matches("-?\\d{1,9}") ? Integer.valueOf(text) : null;
        } else if (type == Double.class) {
            value = text.matches("-?\\d+(\\.\\d+)?") ? Double.valueOf(text) : null;
        } else {
            value = ConversionService.SHARED.convert(text, Duration.class).orElse(null);
        }
        if (value == null) {
            String expected = type == Duration.class ? "a duration such as 200ms or 30s" : type == Boolean.class ? "true or false"
                    : type == Integer.class ? "a whole number" : "a number";
            throw new IllegalStateException(where + " must be " + expected + ", not '" + raw + "'");
        }
        return value;
    }

    /**
     * These settings with some replaced: {@code overrides} maps keys of {@link #DEPLOYMENT_KEYS} to
     * values from {@link #parse}.
     *
     * @param what names the overridden settings in the start-up error when a value is out of range
     */
    ResilienceSettings with(Map<String, Object> overrides, String what) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<String, Object> v = overrides;
        try {
            return new ResilienceSettings(
                    (Integer) v.getOrDefault("max-retries", maxRetries),
                    (Duration) v.getOrDefault("backoff", backoff),
                    (Duration) v.getOrDefault("max-backoff", maxBackoff),
                    (Double) v.getOrDefault("jitter", jitter),
                    (Duration) v.getOrDefault("max-retry-after", maxRetryAfter),
                    (Boolean) v.getOrDefault("circuit-breaker.enabled", breakerEnabled),
                    (Integer) v.getOrDefault("circuit-breaker.failure-rate", failureRate),
                    (Integer) v.getOrDefault("circuit-breaker.minimum-calls", minimumCalls),
                    (Duration) v.getOrDefault("circuit-breaker.window", window),
                    (Duration) v.getOrDefault("circuit-breaker.open-for", openFor),
                    (Integer) v.getOrDefault("circuit-breaker.half-open-probes", halfOpenProbes),
                    (Integer) v.getOrDefault("max-in-flight", maxInFlight),
                    maxFallbackGroups);
        } catch (IllegalStateException outOfRange) {
            throw new IllegalStateException("Invalid resilience settings for " + what + " " + overrides + ": max-retries >= 0, "
                    + "failure-rate 1..100, minimum-calls >= 1, half-open-probes >= 1, max-in-flight >= 0, jitter 0..1");
        }
    }
}

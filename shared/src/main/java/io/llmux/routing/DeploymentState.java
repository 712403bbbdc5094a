package io.llmux.routing;

import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment's resilience, built with Failsafe from its {@link ResilienceSettings}: a retry
 * policy (exponential backoff with jitter, honouring Retry-After), a circuit breaker (failure
 * rate over a window, half-open probes) and a bulkhead (calls in flight), plus its
 * {@link DeploymentHealth}. Shared by every group that names the deployment.
 *
 * <p>The breaker is not composed into the Failsafe executor: an executor records an attempt when
 * its future completes, and a stream's future completes at its first chunk, while a stream that
 * breaks after it is still the deployment's failure. So each attempt takes a breaker permit
 * ({@link #tryEnterBreaker()}) and records its outcome once, when it truly ends
 * ({@link #recordOutcome(Throwable)}): a whole call when it completes, a stream when it fails
 * before its first chunk or when it ends.
 */
public final class DeploymentState {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentState.class);

    private final String id;
    private final ResilienceSettings settings;
    private final DeploymentHealth health = new DeploymentHealth();
    private final CircuitBreaker<Object> breaker;
    private final Bulkhead<Object> bulkhead;
    private final FailsafeExecutor<Object> executor;

    DeploymentState(String id, ResilienceSettings settings) {
        this.id = id;
        this.settings = settings;
        this.breaker = settings.breakerEnabled() ? breaker(id, settings) : null;
        this.bulkhead = settings.maxInFlight() > 0 ? Bulkhead.of(settings.maxInFlight()) : null;
        this.executor = Failsafe.with(retry(settings)).with(EventLoopScheduler.INSTANCE);
    }

    public String id() {
        return id;
    }

    /** This deployment's settings: the gateway's, with its provider's and its own overrides. */
    public ResilienceSettings settings() {
        return settings;
    }

    public DeploymentHealth health() {
        return health;
    }

    /** The breaker, or null when breakers are off. */
    public CircuitBreaker<Object> breaker() {
        return breaker;
    }

    /** The retry policy; every attempt it makes enters the breaker itself, and an open breaker is not retried. */
    FailsafeExecutor<Object> executor() {
        return executor;
    }

    /**
     * Takes the breaker's permit for one attempt: false when it is open, or half-open with all its
     * probes out. Every true is paired with one {@link #recordOutcome(Throwable)}.
     */
    boolean tryEnterBreaker() {
        return breaker == null || breaker.tryAcquirePermit();
    }

    /**
     * Records how an attempt ended (null: it succeeded) and gives back its breaker permit. Only the
     * deployment's own faults count as failures; anything else (a client's bad request, a client
     * that left) is a success: the deployment answered.
     */
    void recordOutcome(Throwable failure) {
        if (breaker == null) {
            return;
        }
        if (failure == null) {
            breaker.recordSuccess();
        } else {
            breaker.recordException(failure);
        }
    }

    /** Takes a bulkhead permit; false when the deployment is at its limit. Every true is paired with one {@link #release()}. */
    boolean tryAcquire() {
        if (bulkhead != null && !bulkhead.tryAcquirePermit()) {
            return false;
        }
        health.started();
        return true;
    }

    void release() {
        health.finished();
        if (bulkhead != null) {
            bulkhead.releasePermit();
        }
    }

    /** How long the breaker stays open, or null when it is not open. */
    Duration openFor() {
        return breaker != null && breaker.isOpen() ? breaker.getRemainingDelay() : null;
    }

    private static CircuitBreaker<Object> breaker(String id, ResilienceSettings s) {
        return CircuitBreaker.builder()
                // Only the deployment's own faults count: a client's bad request says nothing about its health.
                .handleIf((result, failure) -> failure != null && FailureKind.of(failure).deploymentFault())
                .withFailureRateThreshold(s.failureRate(), s.minimumCalls(), s.window())
                .withDelay(s.openFor())
                .withSuccessThreshold(s.halfOpenProbes())
                .onOpen(e -> LOG.atWarn().addKeyValue("deployment", id).log("Circuit breaker opened"))
                .onHalfOpen(e -> LOG.atInfo().addKeyValue("deployment", id).log("Circuit breaker half-open"))
                .onClose(e -> LOG.atInfo().addKeyValue("deployment", id).log("Circuit breaker closed"))
                .build();
    }

    private static RetryPolicy<Object> retry(ResilienceSettings s) {
        return RetryPolicy.builder()
                .handleIf((result, failure) -> failure != null && FailureKind.of(failure) == FailureKind.RETRYABLE)
                // A provider that asks for a longer pause than we would wait is left for the next deployment.
                .abortIf((result, failure) -> failure != null && tooLong(FailureKind.retryAfter(failure), s.maxRetryAfter()))
                .withMaxRetries(s.maxRetries())
                .withDelayFn(context -> delay(context.getAttemptCount(), FailureKind.retryAfter(context.getLastException()), s))
                .build();
    }

    private static boolean tooLong(Duration retryAfter, Duration max) {
        return retryAfter != null && retryAfter.compareTo(max) > 0;
    }

    /**
     * Exponential backoff with jitter, never shorter than the provider's Retry-After. Computed
     * here rather than with Failsafe's withBackoff/withJitter: Failsafe's jitter is symmetric and
     * would sometimes retry before the Retry-After the provider asked for.
     */
    static Duration delay(int attempts, Duration retryAfter, ResilienceSettings s) {
        long base = s.backoff().toNanos();
        long exponential = Math.min(s.maxBackoff().toNanos(), base << Math.min(20, Math.max(0, attempts - 1)));
        long jittered = exponential + (long) (exponential * s.jitter() * ThreadLocalRandom.current().nextDouble());
        long floor = retryAfter == null ? 0 : retryAfter.toNanos();
        return Duration.ofNanos(Math.max(jittered, floor));
    }
}

package io.llmux.ratelimit;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.redis.RedisLink;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The limiter the pipeline uses: Redis when it answers, else this instance's memory, or (with
 * {@code llmux.ratelimit.on-redis-failure=deny}) a 503. A Redis error or a reply slower than
 * {@code llmux.redis.timeout} is reported to {@link RedisLink} (which turns degraded, logs once
 * and recovers in the background) and the request falls back at once: a dead Redis costs one
 * timeout, once, not one per request.
 */
@Primary
@Singleton
public final class RateLimiterSelector implements RateLimiter {

    private final RedisLink redis;
    private final RedisRateLimiter shared;
    private final LocalRateLimiter local;
    private final RedisFailureMode onFailure;

    public RateLimiterSelector(RedisLink redis, RedisRateLimiter shared, LocalRateLimiter local,
                               @Value("${llmux.ratelimit.on-redis-failure:local}") String onFailure) {
        this.redis = redis;
        this.shared = shared;
        this.local = local;
        this.onFailure = parse(onFailure);
    }

    @Override
    public CompletableFuture<Admission> acquire(RateLimitRequest request) {
        if (request.unlimited()) {
            return CompletableFuture.completedFuture(Admission.UNLIMITED);
        }
        if (!redis.configured()) {
            return local.acquire(request);
        }
        if (redis.commands() == null) {
            return fallBack(request);
        }
        return shared.acquire(request).exceptionallyCompose(failure -> {
            redis.reportFailure(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
            return fallBack(request);
        });
    }

    private CompletableFuture<Admission> fallBack(RateLimitRequest request) {
        if (onFailure == RedisFailureMode.DENY) {
            return CompletableFuture.failedFuture(new GatewayException(ErrorType.SERVICE_UNAVAILABLE,
                    "Rate limits cannot be checked right now, so this request is refused. Retry shortly.",
                    null, "rate_limiter_unavailable", Duration.ofSeconds(1)));
        }
        return local.acquire(request);
    }

    private static RedisFailureMode parse(String value) {
        try {
            return RedisFailureMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("llmux.ratelimit.on-redis-failure must be 'local' or 'deny', not '" + value + "'");
        }
    }
}

package io.llmux.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.llmux.redis.RedisLink;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shared limiter: every instance counts in the same Redis, so a limit holds across all of
 * them. One request is one EVALSHA of {@code ratelimit/sliding-window.lua}, which checks and
 * counts every policy (key and tenant, requests and tokens, in-flight) atomically.
 *
 * <p>Keys (all with the tenant id as the cluster hash tag, so one script call touches one slot):
 * <pre>
 *   llmux:rl:{TENANT}:t:rpm:WINDOW          tenant requests in a fixed window (TTL 2 windows + 1 s)
 *   llmux:rl:{TENANT}:t:tpm:WINDOW          tenant tokens
 *   llmux:rl:{TENANT}:k:KEY_ID:rpm:WINDOW   key requests
 *   llmux:rl:{TENANT}:k:KEY_ID:tpm:WINDOW   key tokens
 *   llmux:rl:{TENANT}:k:KEY_ID:inflight     sorted set of held slots, scored by deadline (TTL llmux.ratelimit.in-flight-ttl)
 * </pre>
 * WINDOW is the window's index (epoch millis / 60000) from this instance's clock: instances
 * agree on it as far as their clocks agree (NTP keeps Lambda's within milliseconds).
 *
 * <p>The script is sent once per Redis node (SCRIPT LOAD) and run by its SHA; when Redis has
 * forgotten it (a restart, a failover, SCRIPT FLUSH) it answers NOSCRIPT, and it is loaded again
 * and the call retried.
 */
@Singleton
public final class RedisRateLimiter implements RateLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** A refused in-flight request has no window to wait for; a short pause is the best hint. */
    static final Duration IN_FLIGHT_RETRY = Duration.ofSeconds(1);

    private static final String SCRIPT = loadScript();
    private static final String SHA = sha1(SCRIPT);

    private final RedisLink redis;
    private final Clock clock;
    private final long windowMillis;
    private final long inFlightTtlMillis;

    public RedisRateLimiter(RedisLink redis, Clock clock,
                            @Value("${llmux.ratelimit.in-flight-ttl:15m}") Duration inFlightTtl) {
        this(redis, clock, WINDOW, inFlightTtl);
    }

    RedisRateLimiter(RedisLink redis, Clock clock, Duration window, Duration inFlightTtl) {
        this.redis = redis;
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.inFlightTtlMillis = inFlightTtl.toMillis();
    }

    /** The script's SHA-1, as EVALSHA names it. */
    public static String scriptSha() {
        return SHA;
    }

    @Override
    public CompletableFuture<Admission> acquire(RateLimitRequest request) {
        if (request.unlimited()) {
            return CompletableFuture.completedFuture(Admission.UNLIMITED);
        }
        RedisClusterAsyncCommands<String, byte[]> commands = redis.commands();
        if (commands == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not available"));
        }
        long now = clock.millis();
        long index = SlidingWindow.index(now, windowMillis);
        List<RatePolicy> rates = request.rates();
        String tenantPrefix = "llmux:rl:{" + request.tenantId() + "}:";
        String keyPrefix = tenantPrefix + "k:" + request.keyId() + ":";
        int keyCount = rates.size() * 2 + (request.inFlight() == null ? 0 : 1);
        String[] keys = new String[keyCount];
        byte[][] args = new byte[6 + rates.size() * 2][];
        for (int i = 0; i < rates.size(); i++) {
            RatePolicy policy = rates.get(i);
            String base = (policy.scope() == LimitScope.TENANT ? tenantPrefix + "t:" : keyPrefix) + policy.kind().suffix() + ":";
            keys[2 * i] = base + index;
            keys[2 * i + 1] = base + (index - 1);
            args[6 + 2 * i] = bytes(policy.limit());
            args[7 + 2 * i] = bytes(request.cost(policy));
        }
        String member = null;
        if (request.inFlight() != null) {
            keys[keyCount - 1] = keyPrefix + "inflight";
            member = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(ThreadLocalRandom.current().nextLong());
        }
        args[0] = bytes(now);
        args[1] = bytes(windowMillis);
        args[2] = bytes(rates.size());
        args[3] = bytes(request.inFlight() == null ? 0 : request.inFlight().limit());
        args[4] = (member == null ? "" : member).getBytes(StandardCharsets.UTF_8);
        args[5] = bytes(inFlightTtlMillis);
        String slotMember = member;
        return run(commands, keys, args)
                .orTimeout(redis.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(reply -> decide(request, reply, now, keys, slotMember));
    }

    private CompletableFuture<List<Object>> run(RedisClusterAsyncCommands<String, byte[]> commands, String[] keys, byte[][] args) {
        CompletableFuture<List<Object>> first = commands.<List<Object>>evalsha(SHA, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
        return first.exceptionallyCompose(failure -> {
            if (!(unwrap(failure) instanceof RedisNoScriptException)) {
                return CompletableFuture.failedFuture(failure);
            }
            // Redis lost its script cache: load it again (on every node, in cluster mode) and retry once.
            return commands.scriptLoad(SCRIPT).toCompletableFuture()
                    .thenCompose(sha -> commands.<List<Object>>evalsha(SHA, ScriptOutputType.MULTI, keys, args).toCompletableFuture());
        });
    }

    private Admission decide(RateLimitRequest request, List<Object> reply, long now, String[] keys, String member) {
        int refused = ((Long) reply.get(0)).intValue();
        long running = (Long) reply.get(1);
        long elapsed = SlidingWindow.elapsed(now, windowMillis);
        List<RatePolicy> rates = request.rates();
        boolean admitted = refused == 0;
        RatePolicy exceeded = null;
        long retryMillis = 0;
        if (!admitted) {
            if (refused <= rates.size()) {
                exceeded = rates.get(refused - 1);
                long current = (Long) reply.get(2 * refused);
                long previous = (Long) reply.get(2 * refused + 1);
                retryMillis = SlidingWindow.retryAfterMillis(exceeded.limit(), request.cost(exceeded), current, previous, elapsed, windowMillis);
            } else {
                exceeded = request.inFlight();
                retryMillis = IN_FLIGHT_RETRY.toMillis();
            }
        }
        List<PolicyState> states = new ArrayList<>(rates.size() + 1);
        for (int i = 0; i < rates.size(); i++) {
            RatePolicy policy = rates.get(i);
            long current = (Long) reply.get(2 + 2 * i) + (admitted ? request.cost(policy) : 0);
            long previous = (Long) reply.get(3 + 2 * i);
            states.add(state(policy, exceeded, retryMillis, current, previous, elapsed, windowMillis));
        }
        InFlightPermit permit = InFlightPermit.NONE;
        if (request.inFlight() != null) {
            states.add(new PolicyState(request.inFlight(), Math.max(0, request.inFlight().limit() - running), 0));
            if (admitted) {
                String setKey = keys[keys.length - 1];
                permit = new InFlightPermit(() -> releaseSlot(setKey, member));
            }
        }
        RateLimitDecision decision = admitted
                ? RateLimitDecision.allowed(states, true)
                : RateLimitDecision.refused(states, exceeded, Duration.ofMillis(retryMillis), true);
        return new Admission(decision, permit);
    }

    /** The state of one windowed policy once the request is counted (or refused). */
    static PolicyState state(RatePolicy policy, RatePolicy exceeded, long retryMillis, long current, long previous,
                             long elapsed, long windowMillis) {
        long remaining = SlidingWindow.remaining(policy.limit(), SlidingWindow.estimate(current, previous, elapsed, windowMillis));
        long reset = policy.equals(exceeded) ? retryMillis : SlidingWindow.resetMillis(current, previous, elapsed, windowMillis);
        return new PolicyState(policy, remaining, reset);
    }

    /**
     * Gives the slot back. If Redis does not answer now, the slot lapses at its deadline
     * (llmux.ratelimit.in-flight-ttl): the same net that catches an instance that crashed.
     */
    private void releaseSlot(String setKey, String member) {
        RedisClusterAsyncCommands<String, byte[]> commands = redis.commands();
        if (commands == null) {
            return;
        }
        commands.zrem(setKey, member.getBytes(StandardCharsets.UTF_8)).toCompletableFuture()
                .orTimeout(redis.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .whenComplete((removed, failure) -> {
                    if (failure != null) {
                        redis.reportFailure(unwrap(failure));
                    }
                });
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static String loadScript() {
        try (InputStream in = RedisRateLimiter.class.getResourceAsStream("/ratelimit/sliding-window.lua")) {
            if (in == null) {
                throw new IllegalStateException("ratelimit/sliding-window.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

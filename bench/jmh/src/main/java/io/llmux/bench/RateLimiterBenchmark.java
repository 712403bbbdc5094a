package io.llmux.bench;

import io.llmux.ratelimit.Admission;
import io.llmux.ratelimit.LimitKind;
import io.llmux.ratelimit.LimitScope;
import io.llmux.ratelimit.LocalRateLimiter;
import io.llmux.ratelimit.RateLimitRequest;
import io.llmux.ratelimit.RateLimiterSelector;
import io.llmux.ratelimit.RatePolicy;
import io.llmux.ratelimit.RedisRateLimiter;
import io.llmux.redis.RedisLink;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rate-limit stage on the hot path: one admission of a request bound by four limits (key and
 * tenant, requests and tokens per minute), against redis-server on loopback (one EVALSHA round
 * trip), and against the in-process limiter. SampleTime mode, so JMH prints p50/p99 per call.
 * Starts its own redis-server on a free port, or uses LLMUX_REDIS_URL when set.
 * Run: java -jar bench/jmh/target/benchmarks.jar RateLimiterBenchmark
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class RateLimiterBenchmark {

    private static final List<RatePolicy> LIMITS = List.of(
            new RatePolicy(LimitScope.KEY, LimitKind.REQUESTS, 1_000_000_000),
            new RatePolicy(LimitScope.KEY, LimitKind.TOKENS, 1_000_000_000),
            new RatePolicy(LimitScope.TENANT, LimitKind.REQUESTS, 1_000_000_000),
            new RatePolicy(LimitScope.TENANT, LimitKind.TOKENS, 1_000_000_000));
    private static final RateLimitRequest REQUEST = new RateLimitRequest("ten_bench", "key_bench", LIMITS, null, 350);
    private static final RateLimitRequest WITH_SLOT = new RateLimitRequest("ten_bench", "key_bench", LIMITS,
            new RatePolicy(LimitScope.KEY, LimitKind.IN_FLIGHT, 1_000_000), 350);

    private Process redisServer;
    private RedisLink link;
    private RateLimiterSelector redis;
    private LocalRateLimiter local;

    @Setup
    public void setUp() throws Exception {
        String url = System.getenv("LLMUX_REDIS_URL");
        if (url == null || url.isBlank()) {
            url = startRedis();
        }
        Clock clock = Clock.systemUTC();
        link = new RedisLink(url, false, Duration.ofSeconds(1), Duration.ofSeconds(1));
        local = new LocalRateLimiter(clock);
        redis = new RateLimiterSelector(link, new RedisRateLimiter(link, clock, Duration.ofMinutes(15)), local, "local");
        if (!redis.acquire(REQUEST).join().decision().shared()) {
            throw new IllegalStateException("Redis at " + url + " does not answer");
        }
    }

    @TearDown
    public void tearDown() {
        if (redisServer != null) {
            redisServer.destroyForcibly();
        }
    }

    /** Check and count four limits in Redis: one EVALSHA on loopback. */
    @Benchmark
    public Admission redisFourLimits() {
        return redis.acquire(REQUEST).join();
    }

    /** The same, plus an in-flight slot taken and given back (the release is not awaited). */
    @Benchmark
    public Admission redisFourLimitsAndInFlightSlot() {
        Admission admission = redis.acquire(WITH_SLOT).join();
        admission.permit().release();
        return admission;
    }

    /** The in-process fallback. */
    @Benchmark
    public Admission localFourLimits() {
        return local.acquire(REQUEST).join();
    }

    private String startRedis() throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        redisServer = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", Files.createTempDirectory("llmux-bench-redis").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 250; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return "redis://127.0.0.1:" + port;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start");
    }
}

package io.llmux.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.cache.CacheStatus;
import io.llmux.cache.CaffeineResponseCache;
import io.llmux.cache.RedisResponseCache;
import io.llmux.cache.RequestFingerprint;
import io.llmux.cache.ResponseCacheSelector;
import io.llmux.cache.ResponseCacheStage;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.pipeline.RequestContext;
import io.llmux.provider.Deployment;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.ModelRouter;
import io.llmux.provider.ProviderRegistry;
import io.llmux.provider.mock.MockProvider;
import io.llmux.redis.RedisLink;
import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.KeyStatus;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Principal;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.TenantStatus;
import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The response-cache stage on the hot path, with Redis on loopback: the request fingerprint alone,
 * and a whole lookup (fingerprint, GET over the wire, decode of the entry) that hits or misses.
 * Sampled, so JMH reports percentiles (p50, p99) in microseconds. Uses {@code LLMUX_BENCH_REDIS_URL}
 * when set, else starts its own {@code redis-server} on a free loopback port.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class CacheLookupBenchmark {

    private Process redisServer;
    private RedisLink link;
    private ResponseCacheStage stage;
    private Principal principal;
    private Deployment deployment;
    private ChatRequest cached;
    private ChatRequest uncached;
    private final RequestContext ctx = new RequestContext("bench", null, name -> null);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String url = System.getenv("LLMUX_BENCH_REDIS_URL");
        if (url == null || url.isBlank()) {
            url = startRedis();
        }
        link = new RedisLink(url, false, Duration.ofMillis(250), Duration.ofSeconds(1));
        if (link.commands() == null) {
            throw new IllegalStateException("Redis at " + url + " does not answer");
        }
        stage = new ResponseCacheStage(new ResponseCacheSelector(link, new RedisResponseCache(link), new CaffeineResponseCache(1 << 24)),
                true, Duration.ofHours(1), 1 << 20);
        Instant now = Instant.now();
        Tenant tenant = new Tenant("ten_bench", "bench", TenantStatus.ACTIVE,
                new TenantSettings(List.of(), null, Limits.NONE, Budgets.NONE, "UTC", new CachePolicy(true, 3600)), Map.of(), now, now, 1);
        ApiKey key = new ApiKey("key_bench", "ten_bench", "llmux-sk-benc", "0".repeat(64), "bench", Set.of(ApiKey.SCOPE_INFERENCE),
                List.of(), Limits.NONE, Budgets.NONE, null, KeyStatus.ACTIVE, now, null);
        principal = new Principal(tenant, key);
        deployment = new ModelRouter(new ProviderRegistry(List.of(new MockProvider(new TokenCounter(), Duration.ZERO))))
                .resolve("mock-chat", ModelInfo.Kind.CHAT);
        cached = ChatRequestParser.parse(Samples.CHAT_REQUEST);
        uncached = ChatRequestParser.parse(new String(Samples.CHAT_REQUEST, StandardCharsets.UTF_8)
                .replaceFirst("\"messages\"", "\"seed\":4242,\"messages\"").getBytes(StandardCharsets.UTF_8));
        ObjectNode completion = (ObjectNode) Json.MAPPER.readTree(Samples.CHAT_RESPONSE);
        ResponseCacheStage.Lookup miss = stage.lookup(principal, deployment, cached, ctx).join();
        stage.store(miss, completion, new Usage(250, 40, 0, UsageSource.PROVIDER)).join();
        if (stage.lookup(principal, deployment, cached, ctx).join().status() != CacheStatus.HIT
                || stage.lookup(principal, deployment, uncached, ctx).join().status() != CacheStatus.MISS) {
            throw new IllegalStateException("The benchmark's hit is not a hit, or its miss not a miss");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (redisServer != null) {
            redisServer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** SHA-256 of the canonical request (about 1 KB of JSON): CPU only. */
    @Benchmark
    public String fingerprint() {
        return RequestFingerprint.of(principal.tenantId(), deployment, cached.raw());
    }

    /** Fingerprint, MGET on loopback Redis, decode of a ~1 KB stored completion. */
    @Benchmark
    public ResponseCacheStage.Lookup lookupHit() {
        return stage.lookup(principal, deployment, cached, ctx).join();
    }

    /** Fingerprint and MGET of an absent key. */
    @Benchmark
    public ResponseCacheStage.Lookup lookupMiss() {
        return stage.lookup(principal, deployment, uncached, ctx).join();
    }

    private String startRedis() throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        redisServer = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return "redis://127.0.0.1:" + port;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !redisServer.isAlive()) {
                    throw new IllegalStateException("redis-server did not start on port " + port);
                }
                Thread.sleep(20);
            }
        }
    }
}

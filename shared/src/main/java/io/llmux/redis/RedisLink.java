package io.llmux.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.llmux.health.ComponentHealth;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's connection to Redis (ElastiCache Serverless / Valkey in production), shared by
 * the rate limiter and the response cache, and its health.
 *
 * <p>Redis is an accelerator the gateway must survive without: when it is not configured, not
 * reachable at start, or stops answering within {@code llmux.redis.timeout}, callers get
 * {@link #commands()} empty (or a command fails fast) and fall back to their in-process
 * adapters; this link reports {@code degraded}, logs the change once, and reconnects in the
 * background until Redis answers again. No restart is needed either way.
 *
 * <p>{@code llmux.redis.url}: {@code redis://host:port} or {@code rediss://} (TLS, as
 * ElastiCache requires); {@code llmux.redis.cluster=true} for cluster mode (ElastiCache
 * Serverless is always cluster mode). Keys and values are strings and bytes.
 */
@Singleton
public final class RedisLink implements ComponentHealth {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final String url;
    private final boolean cluster;
    private final Duration timeout;
    private final ClientResources resources;
    private final ScheduledExecutorService reconnector;
    private final AtomicBoolean degraded = new AtomicBoolean();
    private volatile StatefulConnection<String, byte[]> connection;
    private volatile RedisClusterAsyncCommands<String, byte[]> commands;
    private volatile AutoCloseable client;

    public RedisLink(@Value("${llmux.redis.url:}") String url,
                     @Value("${llmux.redis.cluster:false}") boolean cluster,
                     @Value("${llmux.redis.timeout:25ms}") Duration timeout,
                     @Value("${llmux.redis.reconnect-interval:1s}") Duration reconnectInterval) {
        this.url = url == null ? "" : url.trim();
        this.cluster = cluster;
        this.timeout = timeout;
        if (this.url.isEmpty()) {
            this.resources = null;
            this.reconnector = null;
            return;
        }
        this.resources = ClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("llmux-redis-reconnect").unstarted(r));
        connect();
        reconnector.scheduleWithFixedDelay(this::reconnectIfNeeded, reconnectInterval.toMillis(), reconnectInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether Redis is configured at all (else callers use their in-process adapters, without degradation). */
    public boolean configured() {
        return !url.isEmpty();
    }

    /** The async commands when connected and healthy; null when callers should fall back. */
    public RedisClusterAsyncCommands<String, byte[]> commands() {
        return degraded.get() ? null : commands;
    }

    /** How long a caller waits for Redis before it falls back. */
    public Duration timeout() {
        return timeout;
    }

    /** A command failed or timed out: fall back until the background check sees Redis answer. */
    public void reportFailure(Throwable cause) {
        if (degraded.compareAndSet(false, true)) {
            LOG.atWarn().addKeyValue("cause", cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage())
                    .log("Redis is not answering: rate limits and the cache fall back to this instance's memory until it is back");
        }
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String status() {
        if (!configured()) {
            return "disabled";
        }
        return degraded.get() || commands == null ? "degraded" : "ok";
    }

    /**
     * Closes the connection without reconnecting: before a SnapStart snapshot, so that no copy
     * restored from it inherits a socket whose server-side state belongs to another. Until
     * {@link #reconnect()} callers fall back to their in-process adapters.
     */
    public synchronized void disconnect() {
        if (!configured()) {
            return;
        }
        StatefulConnection<String, byte[]> oldConnection = connection;
        AutoCloseable oldClient = client;
        commands = null;
        connection = null;
        client = null;
        closeQuietly(oldConnection);
        closeQuietly(oldClient);
    }

    /** Drops the connection and opens a new one: after a restore from a snapshot. */
    public synchronized void reconnect() {
        if (!configured()) {
            return;
        }
        disconnect();
        connect();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.atDebug().addKeyValue("cause", e.toString()).log("Closing the old Redis connection failed");
        }
    }

    private synchronized void connect() {
        try {
            RedisURI uri = RedisURI.create(url);
            // The handshake (HELLO, AUTH) may take longer than a command may; commands get
            // llmux.redis.timeout through TimeoutOptions below.
            uri.setTimeout(CONNECT_TIMEOUT);
            SocketOptions socket = SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build();
            if (cluster) {
                RedisClusterClient c = RedisClusterClient.create(resources, uri);
                c.setOptions(withOptions(ClusterClientOptions.builder(), socket).build());
                var opened = c.connect(CODEC);
                use(opened, opened.async(), c::shutdown);
            } else {
                RedisClient c = RedisClient.create(resources, uri);
                c.setOptions(withOptions(ClientOptions.builder(), socket).build());
                var opened = c.connect(CODEC);
                use(opened, opened.async(), c::shutdown);
            }
            markAnswering();
        } catch (RuntimeException e) {
            reportFailure(e);
        }
    }

    /** The same options for standalone and cluster clients (the cluster builder extends the other). */
    private <B extends ClientOptions.Builder> B withOptions(B builder, SocketOptions socket) {
        builder.socketOptions(socket)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        return builder;
    }

    private void use(StatefulConnection<String, byte[]> opened, RedisClusterAsyncCommands<String, byte[]> async,
                     AutoCloseable shutdown) {
        client = shutdown;
        connection = opened;
        commands = async;
    }

    private void markAnswering() {
        if (degraded.compareAndSet(true, false)) {
            LOG.info("Redis answers again: rate limits and the cache are shared again");
        }
    }

    /** Runs on the reconnect thread: PING when degraded; reconnect when there is no connection. */
    private void reconnectIfNeeded() {
        if (!degraded.get()) {
            return;
        }
        RedisClusterAsyncCommands<String, byte[]> current = commands;
        if (current == null) {
            connect();
            return;
        }
        try {
            current.ping().toCompletableFuture().get(Math.max(timeout.toMillis() * 4, 100), TimeUnit.MILLISECONDS);
            markAnswering();
        } catch (Exception stillDown) {
            // Lettuce reconnects the socket on its own; try again at the next tick.
        }
    }

    @PreDestroy
    void close() throws Exception {
        if (reconnector != null) {
            reconnector.shutdownNow();
        }
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.close();
        }
        if (resources != null) {
            resources.shutdown();
        }
    }
}

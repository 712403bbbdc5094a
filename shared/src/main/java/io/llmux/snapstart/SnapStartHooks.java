package io.llmux.snapstart;

import io.llmux.redis.RedisLink;
import io.llmux.telemetry.RestoreSafeRandom;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import java.util.List;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRaC hooks Lambda SnapStart runs around its snapshot, for every function built on the
 * shared core (created with the application context, so registered before the snapshot).
 *
 * <p>Before the snapshot: run the primings, so that the first request after a restore finds its
 * classes loaded and warm; then close the Redis connection and the pooled provider connections.
 * After a restore: re-seed the random source of request, trace and span ids (every copy restored
 * from one snapshot starts with the same state), and open a new Redis connection. Provider
 * connections are opened again by the first call that needs one.
 *
 * <p>CRaC holds registered resources weakly; this singleton keeps itself alive for the
 * application's lifetime.
 */
@Context
public final class SnapStartHooks implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartHooks.class);

    private final List<CheckpointPriming> primings;
    private final BeanContext beans;
    private final UpstreamConnections upstream;

    public SnapStartHooks(List<CheckpointPriming> primings, BeanContext beans, UpstreamConnections upstream) {
        this.primings = primings;
        this.beans = beans;
        this.upstream = upstream;
    }

    /** The Redis link if something in this function uses it; a function that does not is not made to connect. */
    private void withRedis(Consumer<RedisLink> action) {
        beans.getActiveBeanRegistrations(RedisLink.class).forEach(registration -> action.accept(registration.bean()));
    }

    @PostConstruct
    void register() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prepareForSnapshot();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        recoverAfterRestore();
    }

    /**
     * Primes, then closes what must not be in a snapshot. Called by CRaC on the managed runtime, and
     * over HTTP by the Lambda Web Adapter where the gateway runs as its own process.
     */
    public void prepareForSnapshot() {
        for (CheckpointPriming priming : primings) {
            long start = System.nanoTime();
            try {
                priming.prime();
                LOG.atInfo().addKeyValue("priming", priming.name()).addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
                        .log("Primed before the snapshot");
            } catch (Exception | LinkageError e) {
                // A snapshot without this priming is slower to warm, not wrong: never fail the deployment for it.
                LOG.atWarn().addKeyValue("priming", priming.name()).addKeyValue("cause", e.toString())
                        .log("Priming failed; the snapshot is taken without it");
            }
        }
        withRedis(RedisLink::disconnect);
        upstream.dropPooled();
    }

    /** New id seeds and new connections for a copy restored from a snapshot. */
    public void recoverAfterRestore() {
        RestoreSafeRandom.reseed();
        withRedis(RedisLink::reconnect);
        upstream.dropPooled();
    }
}

package io.llmux.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.pipeline.RequestContext;
import io.llmux.provider.Deployment;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.Principal;
import io.llmux.tokens.Usage;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's cache stage: decides whether a request may be answered from the cache and
 * whether its answer may be stored (the key's policy over the tenant's over the gateway's, and the
 * request's Cache-Control), looks it up, and stores complete answers. It never fails a request:
 * a store that cannot answer is a miss, an answer that cannot be stored is just not stored.
 */
@Singleton
public final class ResponseCacheStage {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCacheStage.class);

    private final ResponseCache cache;
    private final CachePolicy gatewayPolicy;
    private final int maxEntryBytes;

    public ResponseCacheStage(ResponseCache cache,
                              @Value("${llmux.cache.enabled:false}") boolean enabled,
                              @Value("${llmux.cache.ttl:1h}") Duration ttl,
                              @Value("${llmux.cache.max-entry-bytes:1048576}") int maxEntryBytes) {
        this.cache = cache;
        this.gatewayPolicy = new CachePolicy(enabled, (int) Math.max(1, ttl.toSeconds()));
        this.maxEntryBytes = maxEntryBytes;
    }

    /**
     * What the cache does for one request.
     *
     * @param status what the x-llmux-cache header says
     * @param key    the entry, or null when the cache is off for this request
     * @param ttl    how long a stored answer lives
     * @param store  whether a complete answer to this request is to be stored
     * @param hit    the cached answer, or null
     */
    public record Lookup(CacheStatus status, CacheKey key, Duration ttl, boolean store, CachedCompletion hit) {

        static final Lookup OFF = new Lookup(CacheStatus.BYPASS, null, null, false, null);
    }

    public CompletableFuture<Lookup> lookup(Principal principal, Deployment deployment, ChatRequest request, RequestContext ctx) {
        CachePolicy policy = policyOf(principal);
        if (!Boolean.TRUE.equals(policy.enabled())) {
            return CompletableFuture.completedFuture(Lookup.OFF);
        }
        CacheDirectives directives = CacheDirectives.parse(ctx.headers() == null ? null : ctx.headers().apply("Cache-Control"));
        if (directives.noCache() && directives.noStore()) {
            return CompletableFuture.completedFuture(Lookup.OFF);
        }
        CacheKey key = new CacheKey(principal.tenantId(), RequestFingerprint.of(principal.tenantId(), deployment, request.raw()));
        Duration ttl = Duration.ofSeconds(policy.ttlSeconds());
        boolean store = !directives.noStore();
        if (directives.noCache()) {
            return CompletableFuture.completedFuture(new Lookup(CacheStatus.BYPASS, key, ttl, store, null));
        }
        return cache.get(key)
                .handle((bytes, failure) -> {
                    if (failure != null) {
                        LOG.atDebug().addKeyValue("cause", failure.toString()).log("Cache lookup failed: treated as a miss");
                        return null;
                    }
                    return bytes == null ? null : CachedCompletion.fromBytes(bytes);
                })
                .thenApply(hit -> new Lookup(hit == null ? CacheStatus.MISS : CacheStatus.HIT, key, ttl, store, hit));
    }

    /**
     * Stores a complete answer when the lookup allows it; completes when the write is done (or has
     * failed), so nothing is left running after the response.
     */
    public CompletableFuture<Void> store(Lookup lookup, ObjectNode completion, Usage usage) {
        if (!lookup.store() || lookup.key() == null || !CachedCompletion.isComplete(completion)) {
            return CompletableFuture.completedFuture(null);
        }
        byte[] bytes = new CachedCompletion(completion, usage).toBytes();
        if (bytes.length > maxEntryBytes) {
            return CompletableFuture.completedFuture(null);
        }
        return cache.set(lookup.key(), bytes, lookup.ttl())
                .exceptionally(failure -> {
                    LOG.atDebug().addKeyValue("cause", failure.toString()).log("Cache store failed: the answer is not cached");
                    return null;
                });
    }

    /** The usage object of a completion that lacks one (a stream that reported none), from the metered usage. */
    public static ObjectNode usageNode(Usage usage) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    private CachePolicy policyOf(Principal principal) {
        CachePolicy tenant = principal.tenant().settings() == null ? null : principal.tenant().settings().cache();
        CachePolicy key = principal.key().cache();
        CachePolicy effective = gatewayPolicy;
        if (tenant != null) {
            effective = tenant.over(effective);
        }
        if (key != null) {
            effective = key.over(effective);
        }
        return effective;
    }
}

package io.llmux.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.budget.BudgetAlerts;
import io.llmux.budget.BudgetGate;
import io.llmux.budget.BudgetHold;
import io.llmux.budget.BudgetStatus;
import io.llmux.budget.Spend;
import io.llmux.budget.memory.InMemoryBudgetLedger;
import io.llmux.cache.CacheStatus;
import io.llmux.cache.CachedStreamReplay;
import io.llmux.cache.CompletionAssembler;
import io.llmux.cache.ResponseCacheStage;
import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.EmbeddingRequest;
import io.llmux.provider.Deployment;
import io.llmux.provider.EmbeddingCall;
import io.llmux.provider.openai.OpenAiUsage;
import io.llmux.ratelimit.InFlightPermit;
import io.llmux.ratelimit.RateLimitDecision;
import io.llmux.ratelimit.RateLimitGate;
import io.llmux.routing.RequestRouter;
import io.llmux.routing.ResilientCalls;
import io.llmux.routing.Route;
import io.llmux.routing.RouteReport;
import io.llmux.routing.RouteStrategy;
import io.llmux.tenancy.Authenticator;
import io.llmux.tenancy.Principal;
import io.llmux.telemetry.GenAiTelemetry;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The inference pipeline, shared by every ingress. Today's stages, in order:
 * authenticate -> route (plan the deployments, authorise the model) -> rate limit -> budget reserve
 * -> cache lookup -> call the route's deployments (retries, breakers, failover: {@link ResilientCalls})
 * -> settle usage (and the budget) -> cache store -> telemetry. A cache hit still counts against rate
 * limits, and settles its budget reservation to zero.
 */
@Singleton
public final class ChatPipeline {

    /** Span attribute: hit, miss or bypass. */
    public static final AttributeKey<String> CACHE_STATUS = AttributeKey.stringKey("llmux.cache");
    /** The usage-chunk field that carries a stream's settled cost. */
    public static final String LLMUX_COST = "llmux_cost";
    /** Span attribute: the x-llmux-route value. */
    public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("llmux.route");

    private final Authenticator authenticator;
    private final UsageSettlement settlement;
    private final GenAiTelemetry telemetry;
    private final TokenCounter tokens;
    private final RateLimitGate limits;
    private final ResponseCacheStage cache;
    private final BudgetGate budgets;
    private final RequestRouter router;
    private final ResilientCalls calls;

    @Inject
    public ChatPipeline(Authenticator authenticator, ModelAccess models, RateLimitGate limits, BudgetGate budgets,
                        UsageSettlement settlement, GenAiTelemetry telemetry, TokenCounter tokens, ResponseCacheStage cache,
                        RequestRouter router, ResilientCalls calls) {
        this.router = router;
        this.calls = calls;
        this.authenticator = authenticator;
        // Models are resolved and authorised by the router (it uses ModelAccess) for chat and embeddings alike;
        // the parameter stays so that every caller's wiring stays as it is.
        this.limits = limits;
        this.budgets = budgets;
        this.settlement = settlement;
        this.telemetry = telemetry;
        this.tokens = tokens;
        this.cache = cache;
    }

    /** A pipeline whose budgets are counted in memory with no events (tests that are not about budgets). */
    public ChatPipeline(Authenticator authenticator, ModelAccess models, RateLimitGate limits, UsageSettlement settlement,
                        GenAiTelemetry telemetry, TokenCounter tokens, ResponseCacheStage cache, RequestRouter router,
                        ResilientCalls calls) {
        this(authenticator, models, limits, inMemoryBudgets(tokens), settlement, telemetry, tokens, cache, router, calls);
    }

    private static BudgetGate inMemoryBudgets(TokenCounter tokens) {
        InMemoryBudgetLedger ledger = new InMemoryBudgetLedger(Clock.systemUTC());
        return new BudgetGate(ledger, new BudgetAlerts(ledger, event -> { }, Clock.systemUTC(), 80), tokens,
                PricingCatalog.bundled(), Clock.systemUTC(), 4096);
    }

    public CompletableFuture<ChatResult> complete(ChatRequest request, RequestContext ctx) {
        Span span = telemetry.start("chat", request.model(), ctx.requestId(), ctx.headers());
        ProviderCallGuard guard = new ProviderCallGuard();
        return guard.cancelsWith(authenticator.authenticate(ctx.credential()).thenCompose(principal -> {
            Route route = route(principal, span, request, ctx);
            Deployment primary = route.plan().primary();
            return limits.admitChat(principal, request).thenCompose(admission -> admission.whole(
                    // The worst case is priced at the primary deployment; the settlement uses what was actually served.
                    budgets.reserveChat(principal, primary.upstreamModel(), request).thenCompose(hold -> hold.releasingOnFailure(
                    cache.lookup(principal, primary, request, ctx).thenCompose(lookup -> {
                        span.setAttribute(CACHE_STATUS, lookup.status().wireName());
                        if (lookup.hit() != null) {
                            return settlement.settleCached(ctx, principal, span, primary, lookup.hit().usage(), UsageRecord.Outcome.COMPLETED)
                                    .thenCompose(usage -> hold.settle(Spend.ZERO).thenApply(budget -> new ChatResult(
                                            lookup.hit().completion(), primary, usage, admission.decision(), CacheStatus.HIT,
                                            RouteReport.cached(primary), budget)));
                        }
                        return guard.track(calls.complete(route)).thenCompose(routed -> {
                            span.setAttribute(ROUTE, routed.report().route());
                            var completion = routed.value();
                            return settlement.settleChat(ctx, principal, span, routed.deployment(), request, completion.usage(),
                                            UsageSettlement.outputOf(completion.body()), UsageRecord.Outcome.COMPLETED)
                                    .thenCompose(usage -> hold.settle(spendOf(usage))
                                            .thenCompose(budget -> cache.store(lookup, completion.body(), usage.usage())
                                                    .thenApply(stored -> new ChatResult(completion.body(), routed.deployment(), usage,
                                                            admission.decision(), lookup.status(), routed.report(), budget))));
                        });
                    })))));
        }).whenComplete((result, failure) -> endSpan(span, failure)));
    }

    public CompletableFuture<StreamResult> stream(ChatRequest request, RequestContext ctx) {
        Span span = telemetry.start("chat", request.model(), ctx.requestId(), ctx.headers());
        span.setAttribute(GenAiTelemetry.STREAM, true);
        ProviderCallGuard guard = new ProviderCallGuard();
        return guard.cancelsWith(authenticator.authenticate(ctx.credential()).thenCompose(principal -> {
            Route route = route(principal, span, request, ctx);
            Deployment primary = route.plan().primary();
            return limits.admitChat(principal, request).thenCompose(admission -> admission.starting(
                    budgets.reserveChat(principal, primary.upstreamModel(), request).thenCompose(hold -> hold.releasingOnFailure(
                    cache.lookup(principal, primary, request, ctx).thenCompose(lookup -> {
                span.setAttribute(CACHE_STATUS, lookup.status().wireName());
                InFlightPermit slot = admission.permit();
                if (lookup.hit() != null) {
                    return hold.settle(Spend.ZERO).thenApply(budget -> replay(ctx, principal, span, primary, request, lookup, slot)
                            .withRateLimit(admission.decision()).withBudget(budget));
                }
                // Completes at the provider's first chunk: before it, failures were retried elsewhere.
                return guard.track(calls.stream(route))
                        .thenApply(routed -> {
                            span.setAttribute(ROUTE, routed.report().route());
                            Deployment deployment = routed.deployment();
                            var stream = routed.value();
                            StreamUsageTap tap = new StreamUsageTap();
                            CompletionAssembler assembler = new CompletionAssembler();
                            AtomicReference<UsageRecord> settled = new AtomicReference<>();
                            Flux<ObjectNode> chunks = stream.chunks()
                                    // Before the tap, which strips usage the client did not ask for.
                                    .doOnNext(lookup.store() ? assembler::add : chunk -> { })
                                    .filter(chunk -> tap.observe(chunk, request.includeUsage()))
                                    .doOnNext(chunk -> addCost(chunk, deployment))
                                    // Settled before the end is passed on (not in doFinally, which runs
                                    // after it), and the end waits until the usage is durable: the client's
                                    // [DONE] or error event never arrives before its usage is on record, and
                                    // nothing runs after the response. The in-flight slot is held for the
                                    // whole stream, and given back once.
                                    .onErrorResume(failure -> {
                                        slot.release();
                                        return Mono.fromFuture(settleStream(ctx, principal, span, deployment, request, tap, hold,
                                                        SignalType.ON_ERROR))
                                                .then(Mono.error(failure));
                                    })
                                    .concatWith(Mono.defer(() -> {
                                        slot.release();
                                        return Mono.fromFuture(settleStream(ctx, principal, span, deployment, request, tap, hold,
                                                        SignalType.ON_COMPLETE))
                                                .doOnNext(settled::set).then(Mono.empty());
                                    }))
                                    // The client left: nothing is waiting for the writes, which run on.
                                    .doOnCancel(() -> {
                                        slot.release();
                                        settleStream(ctx, principal, span, deployment, request, tap, hold, SignalType.CANCEL);
                                    });
                            if (lookup.store()) {
                                // Runs only when the provider's stream completed: a cut or cancelled stream is never stored.
                                chunks = chunks.concatWith(Mono.defer(() -> storeStreamed(lookup, assembler, settled.get())));
                            }
                            return new StreamResult(chunks, deployment, admission.decision(), lookup.status(), routed.report(),
                                    hold.reservedStatus());
                        });
            })))));
        }).whenComplete((result, failure) -> {
            if (failure != null) {
                endSpan(span, failure);
            }
        }));
    }

    public CompletableFuture<EmbeddingResult> embed(EmbeddingRequest request, RequestContext ctx) {
        Span span = telemetry.start("embeddings", request.model(), ctx.requestId(), ctx.headers());
        ProviderCallGuard guard = new ProviderCallGuard();
        return guard.cancelsWith(authenticator.authenticate(ctx.credential()).thenCompose(principal -> {
            span.setAttribute(GenAiTelemetry.TENANT_ID, principal.tenantId());
            // A group's embedding models, with retries, breakers and failover; any other name, its one deployment.
            Route route = router.routeEmbeddings(principal, request.model(), ctx.headers().apply(RouteStrategy.HEADER));
            Deployment primary = route.plan().primary();
            return limits.admit(principal, () -> localEmbeddingUsage(request, primary).promptTokens())
                    .thenCompose(admission -> admission.whole(
                    budgets.reserveEmbeddings(principal, primary.upstreamModel(), () -> localEmbeddingUsage(request, primary).promptTokens())
                    .thenCompose(hold -> hold.releasingOnFailure(
                    guard.track(calls.embed(route, request))
                    .thenCompose(routed -> {
                        span.setAttribute(ROUTE, routed.report().route());
                        Deployment deployment = routed.deployment();
                        var embeddings = routed.value();
                        Usage usage = embeddings.usage() != null ? embeddings.usage() : localEmbeddingUsage(request, deployment);
                        return settlement.settle(ctx, principal, span, "embeddings", deployment, usage, UsageRecord.Outcome.COMPLETED)
                                .thenCompose(record -> hold.settle(spendOf(record)).thenApply(budget ->
                                        new EmbeddingResult(embeddings.body(), deployment, record, admission.decision(), budget,
                                                routed.report())));
                    })))));
        }).whenComplete((result, failure) -> endSpan(span, failure)));
    }

    private Route route(Principal principal, Span span, ChatRequest request, RequestContext ctx) {
        span.setAttribute(GenAiTelemetry.TENANT_ID, principal.tenantId());
        return router.route(principal, request, ctx.headers().apply(RouteStrategy.HEADER));
    }

    private Usage localEmbeddingUsage(EmbeddingRequest request, Deployment deployment) {
        long count = 0;
        for (String text : request.texts()) {
            count += tokens.count(deployment.upstreamModel(), text);
        }
        return new Usage(count, 0, 0, UsageSource.LOCAL);
    }

    /** A cache hit as a stream; settled (as cached, cost 0) when the replay ends, however it ends. */
    private StreamResult replay(RequestContext ctx, Principal principal, Span span, Deployment deployment, ChatRequest request,
                                ResponseCacheStage.Lookup lookup, InFlightPermit slot) {
        AtomicBoolean claimed = new AtomicBoolean();
        Supplier<CompletableFuture<UsageRecord>> completed =
                () -> settleReplay(ctx, principal, span, deployment, lookup, claimed, UsageRecord.Outcome.COMPLETED);
        Supplier<CompletableFuture<UsageRecord>> cancelled =
                () -> settleReplay(ctx, principal, span, deployment, lookup, claimed, UsageRecord.Outcome.CANCELLED);
        Flux<ObjectNode> chunks = Flux.fromIterable(CachedStreamReplay.chunks(lookup.hit().completion(), request.includeUsage()))
                .doOnNext(ChatPipeline::addFreeCost)
                .concatWith(Mono.defer(() -> {
                    slot.release();
                    return Mono.fromFuture(completed.get()).then(Mono.<ObjectNode>empty());
                }))
                .doOnCancel(() -> {
                    slot.release();
                    cancelled.get();
                });
        return new StreamResult(chunks, deployment, RateLimitDecision.UNLIMITED, CacheStatus.HIT, RouteReport.cached(deployment), null);
    }

    private CompletableFuture<UsageRecord> settleReplay(RequestContext ctx, Principal principal, Span span, Deployment deployment,
                                                       ResponseCacheStage.Lookup lookup, AtomicBoolean claimed, UsageRecord.Outcome outcome) {
        if (!claimed.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<UsageRecord> settled = settlement.settleCached(ctx, principal, span, deployment, lookup.hit().usage(), outcome);
        span.end();
        return settled;
    }

    private Mono<ObjectNode> storeStreamed(ResponseCacheStage.Lookup lookup, CompletionAssembler assembler, UsageRecord usage) {
        if (usage == null) {
            return Mono.empty();
        }
        ObjectNode completion = assembler.completion(ResponseCacheStage.usageNode(usage.usage()));
        return Mono.fromFuture(cache.store(lookup, completion, usage.usage())).then(Mono.empty());
    }

    /**
     * Meters the stream once and settles its budget with the same usage, however it ended: what was
     * streamed when the provider cut it. Completes with the record once both are durable, or with
     * null when the stream was already settled.
     */
    private CompletableFuture<UsageRecord> settleStream(RequestContext ctx, Principal principal, Span span, Deployment deployment,
                                                        ChatRequest request, StreamUsageTap tap, BudgetHold hold, SignalType signal) {
        if (!tap.claimSettlement()) {
            return CompletableFuture.completedFuture(null);
        }
        UsageRecord.Outcome outcome = switch (signal) {
            case ON_COMPLETE -> UsageRecord.Outcome.COMPLETED;
            case CANCEL -> UsageRecord.Outcome.CANCELLED;
            default -> UsageRecord.Outcome.FAILED;
        };
        CompletableFuture<UsageRecord> record = settlement.settleChat(ctx, principal, span, deployment, request, tap.reported(), tap.output(), outcome);
        if (outcome == UsageRecord.Outcome.FAILED) {
            GenAiTelemetry.recordError(span, 502, "stream_failed");
        }
        span.end();
        return record.thenCompose(usage -> hold.settle(spendOf(usage)).thenApply(budget -> usage));
    }

    /** What a request counts against budgets: its tokens and cost; nothing for a cache hit (no provider was paid). */
    private static Spend spendOf(UsageRecord usage) {
        return usage.cached() ? Spend.ZERO : new Spend(usage.usage().totalTokens(), usage.costMicros());
    }

    /**
     * The exact cost in the usage chunk of a stream, whose response head could only carry its
     * reservation: {@code usage.llmux_cost}, USD as a decimal string (OpenAI's CompletionUsage
     * allows additional properties).
     */
    private void addCost(ObjectNode chunk, Deployment deployment) {
        if (chunk.get("usage") instanceof ObjectNode usage) {
            Usage reported = OpenAiUsage.of(chunk);
            if (reported != null) {
                usage.put(LLMUX_COST, new BudgetStatus(budgets.costMicros(deployment.upstreamModel(), reported), true, null).costHeader());
            }
        }
    }

    /** A replayed usage chunk's cost: a cache hit paid no provider. */
    private static void addFreeCost(ObjectNode chunk) {
        if (chunk.get("usage") instanceof ObjectNode usage) {
            usage.put(LLMUX_COST, new BudgetStatus(0, true, null).costHeader());
        }
    }

    private static void endSpan(Span span, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof GatewayException e) {
                GenAiTelemetry.recordError(span, e.status(), e.code() == null ? e.type().openAiType() : e.code());
            } else {
                GenAiTelemetry.recordError(span, 500, cause.getClass().getSimpleName());
            }
        }
        span.end();
    }

}

package io.llmux.pipeline;

import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.EmbeddingRequest;
import io.llmux.provider.Deployment;
import io.llmux.provider.EmbeddingCall;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.ProviderCall;
import io.llmux.ratelimit.InFlightPermit;
import io.llmux.ratelimit.RateLimitGate;
import io.llmux.tenancy.Authenticator;
import io.llmux.tenancy.Principal;
import io.llmux.telemetry.GenAiTelemetry;
import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import reactor.core.publisher.SignalType;

/**
 * The inference pipeline, shared by every ingress. Today's stages, in order:
 * authenticate -> route (and authorise the model) -> rate limit -> call provider -> settle usage -> telemetry.
 * Limits, budgets and the cache slot in between as they arrive (DESIGN.md, "The chat pipeline").
 */
@Singleton
public final class ChatPipeline {

    private final Authenticator authenticator;
    private final ModelAccess models;
    private final UsageSettlement settlement;
    private final GenAiTelemetry telemetry;
    private final TokenCounter tokens;
    private final RateLimitGate limits;

    public ChatPipeline(Authenticator authenticator, ModelAccess models, RateLimitGate limits, UsageSettlement settlement,
                        GenAiTelemetry telemetry, TokenCounter tokens) {
        this.authenticator = authenticator;
        this.models = models;
        this.limits = limits;
        this.settlement = settlement;
        this.telemetry = telemetry;
        this.tokens = tokens;
    }

    public CompletableFuture<ChatResult> complete(ChatRequest request, RequestContext ctx) {
        Span span = telemetry.start("chat", request.model(), ctx.requestId(), ctx.headers());
        ProviderCallGuard guard = new ProviderCallGuard();
        return guard.cancelsWith(authenticator.authenticate(ctx.credential()).thenCompose(principal -> {
            Deployment deployment = route(principal, span, request.model(), ModelInfo.Kind.CHAT);
            return limits.admitChat(principal, request).thenCompose(admission -> admission.whole(
                    guard.track(deployment.provider().complete(new ProviderCall(request, deployment.upstreamModel())))
                    .thenApply(completion -> {
                        UsageRecord usage = settlement.settleChat(ctx, principal, span, deployment, request, completion.usage(),
                                UsageSettlement.outputOf(completion.body()), UsageRecord.Outcome.COMPLETED);
                        return new ChatResult(completion.body(), deployment, usage, admission.decision());
                    })));
        }).whenComplete((result, failure) -> endSpan(span, failure)));
    }

    public CompletableFuture<StreamResult> stream(ChatRequest request, RequestContext ctx) {
        Span span = telemetry.start("chat", request.model(), ctx.requestId(), ctx.headers());
        span.setAttribute(GenAiTelemetry.STREAM, true);
        ProviderCallGuard guard = new ProviderCallGuard();
        return guard.cancelsWith(authenticator.authenticate(ctx.credential()).thenCompose(principal -> {
            Deployment deployment = route(principal, span, request.model(), ModelInfo.Kind.CHAT);
            return limits.admitChat(principal, request).thenCompose(admission -> admission.starting(
                    guard.track(deployment.provider().stream(new ProviderCall(request, deployment.upstreamModel())))
                    .thenApply(stream -> {
                        StreamUsageTap tap = new StreamUsageTap();
                        InFlightPermit slot = admission.permit();
                        return new StreamResult(stream.chunks()
                                .filter(chunk -> tap.observe(chunk, request.includeUsage()))
                                // Settled before the end is passed on (not in doFinally, which runs
                                // after it): the client's [DONE] or error event then never arrives
                                // before its usage is on record, and nothing runs after the response.
                                .doOnComplete(() -> {
                                    slot.release();
                                    settleStream(ctx, principal, span, deployment, request, tap, SignalType.ON_COMPLETE);
                                })
                                .doOnError(failure -> {
                                    slot.release();
                                    settleStream(ctx, principal, span, deployment, request, tap, SignalType.ON_ERROR);
                                })
                                .doOnCancel(() -> {
                                    slot.release();
                                    settleStream(ctx, principal, span, deployment, request, tap, SignalType.CANCEL);
                                }),
                                deployment, admission.decision());
                    })));
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
            Deployment deployment = route(principal, span, request.model(), ModelInfo.Kind.EMBEDDING);
            return limits.admit(principal, () -> localEmbeddingUsage(request, deployment).promptTokens())
                    .thenCompose(admission -> admission.whole(
                    guard.track(deployment.provider().embed(new EmbeddingCall(request, deployment.upstreamModel())))
                    .thenApply(embeddings -> {
                        Usage usage = embeddings.usage() != null ? embeddings.usage() : localEmbeddingUsage(request, deployment);
                        UsageRecord record = settlement.settle(ctx, principal, span, "embeddings", deployment, usage,
                                UsageRecord.Outcome.COMPLETED);
                        return new EmbeddingResult(embeddings.body(), deployment, record, admission.decision());
                    })));
        }).whenComplete((result, failure) -> endSpan(span, failure)));
    }

    private Deployment route(Principal principal, Span span, String model, ModelInfo.Kind kind) {
        span.setAttribute(GenAiTelemetry.TENANT_ID, principal.tenantId());
        return models.resolve(principal, model, kind);
    }

    private Usage localEmbeddingUsage(EmbeddingRequest request, Deployment deployment) {
        long count = 0;
        for (String text : request.texts()) {
            count += tokens.count(deployment.upstreamModel(), text);
        }
        return new Usage(count, 0, 0, UsageSource.LOCAL);
    }

    private void settleStream(RequestContext ctx, Principal principal, Span span, Deployment deployment, ChatRequest request,
                              StreamUsageTap tap, SignalType signal) {
        if (!tap.claimSettlement()) {
            return;
        }
        UsageRecord.Outcome outcome = switch (signal) {
            case ON_COMPLETE -> UsageRecord.Outcome.COMPLETED;
            case CANCEL -> UsageRecord.Outcome.CANCELLED;
            default -> UsageRecord.Outcome.FAILED;
        };
        settlement.settleChat(ctx, principal, span, deployment, request, tap.reported(), tap.output(), outcome);
        if (outcome == UsageRecord.Outcome.FAILED) {
            GenAiTelemetry.recordError(span, 502, "stream_failed");
        }
        span.end();
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

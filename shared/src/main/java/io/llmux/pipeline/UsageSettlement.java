package io.llmux.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.openai.ChatRequest;
import io.llmux.provider.Deployment;
import io.llmux.tenancy.Principal;
import io.llmux.telemetry.GenAiTelemetry;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/**
 * Settles what a request consumed: the provider's usage report when there is one, else a local
 * count (the prompt by OpenAI's recipe, the output from what was actually produced), priced from
 * the catalogue, handed to the {@link UsageMeter} and recorded on the span. Each method's future
 * completes when the meter has the record durably ({@link UsageMeter#recordDurably}): the
 * pipeline ends a response only then, so nothing a request owes runs after it.
 */
@Singleton
public final class UsageSettlement {

    private final TokenCounter tokens;
    private final PricingCatalog prices;
    private final UsageMeter meter;

    public UsageSettlement(TokenCounter tokens, PricingCatalog prices, UsageMeter meter) {
        this.tokens = tokens;
        this.prices = prices;
        this.meter = meter;
    }

    /**
     * @param reported   the provider's usage, or null
     * @param outputText everything the model produced, for the local count; read only when needed
     */
    public CompletableFuture<UsageRecord> settleChat(RequestContext ctx, Principal principal, Span span, Deployment deployment, ChatRequest request,
                                  Usage reported, CharSequence outputText, UsageRecord.Outcome outcome) {
        Usage usage = reported != null ? reported : new Usage(tokens.countPrompt(request),
                tokens.count(deployment.upstreamModel(), outputText.toString()), 0, UsageSource.LOCAL);
        return settle(ctx, principal, span, "chat", deployment, usage, outcome);
    }

    public CompletableFuture<UsageRecord> settle(RequestContext ctx, Principal principal, Span span, String operation, Deployment deployment,
                              Usage usage, UsageRecord.Outcome outcome) {
        long cost = prices.costMicros(deployment.upstreamModel(), usage);
        UsageRecord record = new UsageRecord(ctx.requestId(), principal.tenantId(), principal.key().id(), operation,
                deployment.provider().name(),
                deployment.upstreamModel(), usage, cost, outcome);
        CompletableFuture<Void> durable = meter.recordDurably(record);
        GenAiTelemetry.recordUsage(span, deployment.provider().name(), deployment.upstreamModel(), usage, cost);
        return durable.thenApply(done -> record);
    }

    /**
     * Settles an answer served from the response cache: the original call's tokens, no provider
     * cost (the provider was not called), marked as cached.
     */
    public CompletableFuture<UsageRecord> settleCached(RequestContext ctx, Principal principal, Span span, Deployment deployment, Usage usage,
                                    UsageRecord.Outcome outcome) {
        UsageRecord record = new UsageRecord(ctx.requestId(), principal.tenantId(), principal.key().id(), "chat",
                deployment.provider().name(), deployment.upstreamModel(), usage, 0, outcome, true);
        CompletableFuture<Void> durable = meter.recordDurably(record);
        GenAiTelemetry.recordUsage(span, deployment.provider().name(), deployment.upstreamModel(), usage, 0);
        return durable.thenApply(done -> record);
    }

    /** The text of every choice of a whole completion (content, refusals and tool-call arguments). */
    public static CharSequence outputOf(JsonNode completion) {
        StringBuilder text = new StringBuilder();
        for (JsonNode choice : completion.path("choices")) {
            JsonNode message = choice.path("message");
            text.append(message.path("content").asText(""));
            text.append(message.path("refusal").asText(""));
            for (JsonNode call : message.path("tool_calls")) {
                text.append(call.path("function").path("name").asText(""));
                text.append(call.path("function").path("arguments").asText(""));
            }
        }
        return text;
    }
}

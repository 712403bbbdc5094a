package io.llmux.chat.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.anthropic.AnthropicRequestParser;
import io.llmux.anthropic.AnthropicResponseMapper;
import io.llmux.anthropic.AnthropicStreamTranslator;
import io.llmux.cache.CacheStatus;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.pipeline.ChatPipeline;
import io.llmux.pipeline.ChatResult;
import io.llmux.pipeline.ModelAccess;
import io.llmux.pipeline.RequestContext;
import io.llmux.pipeline.StreamResult;
import io.llmux.provider.Deployment;
import io.llmux.provider.ModelInfo;
import io.llmux.tenancy.Authenticator;
import io.llmux.tokens.TokenCounter;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.time.Duration;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} and {@code POST /v1/messages/count_tokens}.
 * A request is translated into the canonical (OpenAI) request and served by the same
 * {@link ChatPipeline} as {@code /v1/chat/completions}: authentication, model access, rate limits,
 * cache and metering apply alike, and any provider can answer. The answer is translated back:
 * an Anthropic message, or Anthropic's event stream. The key is read from {@code x-api-key} or
 * {@code Authorization: Bearer}; {@code anthropic-version} and {@code anthropic-beta} are accepted
 * whatever their value, and not required.
 */
@Controller
public class MessagesController {

    public static final String MESSAGES = "/v1/messages";

    private final ChatPipeline pipeline;
    private final RequestBodyGuard guard;
    private final Authenticator authenticator;
    private final ModelAccess models;
    private final TokenCounter tokens;
    private final Duration keepAlive;

    public MessagesController(ChatPipeline pipeline, RequestBodyGuard guard, Authenticator authenticator, ModelAccess models,
                              TokenCounter tokens, @Value("${llmux.stream.keep-alive:15s}") Duration keepAlive) {
        this.pipeline = pipeline;
        this.guard = guard;
        this.authenticator = authenticator;
        this.models = models;
        this.tokens = tokens;
        this.keepAlive = keepAlive;
    }

    /** Whether a path is one of this controller's, whose errors are shaped as Anthropic's. */
    public static boolean isAnthropicRoute(String path) {
        return path.equals(MESSAGES) || path.startsWith(MESSAGES + "/") || path.startsWith(MESSAGES + "?");
    }

    @Post(uri = MESSAGES, consumes = MediaType.ALL, produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
    public Mono<MutableHttpResponse<?>> create(HttpRequest<?> http, @Body @Nullable byte[] body) {
        RequestContext ctx = Requests.anthropicContext(http);
        ChatRequest request;
        try {
            requireKey(ctx);
            request = AnthropicRequestParser.parseMessages(guard.jsonBody(http, body));
        } catch (GatewayException e) {
            return Mono.just(AnthropicResponses.error(e, ctx.requestId()));
        }
        return request.stream() ? stream(http, request, ctx) : complete(http, request, ctx);
    }

    @Post(uri = MESSAGES + "/count_tokens", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public Mono<MutableHttpResponse<?>> countTokens(HttpRequest<?> http, @Body @Nullable byte[] body) {
        RequestContext ctx = Requests.anthropicContext(http);
        ChatRequest request;
        try {
            requireKey(ctx);
            request = AnthropicRequestParser.parseCountTokens(guard.jsonBody(http, body));
        } catch (GatewayException e) {
            return Mono.just(AnthropicResponses.error(e, ctx.requestId()));
        }
        return Mono.fromFuture(authenticator.authenticate(ctx.credential()))
                .map(principal -> models.resolve(principal, request.model(), ModelInfo.Kind.CHAT))
                // Counting a long prompt is milliseconds of CPU: off the event loop.
                .publishOn(Schedulers.boundedElastic())
                .<MutableHttpResponse<?>>map(deployment -> {
                    ObjectNode count = Json.NODES.objectNode().put("input_tokens", countInput(request, deployment));
                    return withRequestId(OpenAiResponses.json(count, ctx.requestId()), ctx.requestId());
                })
                .onErrorResume(GatewayException.class, e -> Mono.just(AnthropicResponses.error(e, ctx.requestId())));
    }

    /**
     * The gateway's own count, with the tokenizer of the model that would serve the request (an
     * estimate for non-OpenAI models: see docs/anthropic-api.md).
     */
    private long countInput(ChatRequest request, Deployment deployment) {
        ChatRequest upstream = new ChatRequest(deployment.upstreamModel(), request.messages(), false, false,
                null, 1, request.tools(), request.raw());
        return tokens.countPrompt(upstream);
    }

    private Mono<MutableHttpResponse<?>> complete(HttpRequest<?> http, ChatRequest request, RequestContext ctx) {
        return ClientDisconnects.cancelOnDisconnect(http, pipeline.complete(request, ctx))
                .<MutableHttpResponse<?>>map(result -> answer(result, request, ctx))
                .onErrorResume(GatewayException.class, e -> Mono.just(AnthropicResponses.error(e, ctx.requestId())));
    }

    private MutableHttpResponse<?> answer(ChatResult result, ChatRequest request, RequestContext ctx) {
        ObjectNode message = AnthropicResponseMapper.message(result.body(), request.model(),
                result.usage() == null ? null : result.usage().usage());
        MutableHttpResponse<byte[]> response = OpenAiResponses.served(OpenAiResponses.json(message, ctx.requestId()),
                result.deployment(), result.usage());
        return OpenAiResponses.budget(OpenAiResponses.routed(withRequestId(OpenAiResponses.rateLimit(response, result.rateLimit()),
                ctx.requestId()).header(CacheStatus.HEADER, result.cache().wireName()), result.route()), result.budget());
    }

    private Mono<MutableHttpResponse<?>> stream(HttpRequest<?> http, ChatRequest request, RequestContext ctx) {
        Function<StreamResult, MutableHttpResponse<?>> respond = result -> {
            MutableHttpResponse<?> response = OpenAiResponses.rateLimit(HttpResponse.ok(AnthropicSse.frame(
                            AnthropicStreamTranslator.translate(result.chunks(), request.model()), ctx.requestId(), keepAlive)),
                    result.rateLimit())
                    .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                    .header("Cache-Control", "no-cache")
                    .header("X-Accel-Buffering", "no")
                    .header(OpenAiResponses.PROVIDER, result.deployment().provider().name())
                    .header(OpenAiResponses.MODEL, result.deployment().upstreamModel())
                    .header(CacheStatus.HEADER, result.cache().wireName());
            if (result.cache() == CacheStatus.HIT) {
                response.header(OpenAiResponses.COST, OpenAiResponses.usd(0));
            }
            return OpenAiResponses.budget(OpenAiResponses.routed(withRequestId(response.header(OpenAiResponses.REQUEST_ID, ctx.requestId()),
                    ctx.requestId()), result.route()), result.budget());
        };
        return ClientDisconnects.cancelOnDisconnect(http, pipeline.stream(request, ctx))
                .map(respond)
                .onErrorResume(GatewayException.class, e -> Mono.just(AnthropicResponses.error(e, ctx.requestId())));
    }

    /** Before the body is read: Authenticator.checkPresented, with Anthropic's wording for a missing key. */
    private static void requireKey(RequestContext ctx) {
        if (ctx.credential() == null || ctx.credential().isBlank()) {
            throw AnthropicResponses.missingKey();
        }
        Authenticator.checkPresented(ctx.credential());
    }

    /** Anthropic's request-id header beside LLMux's x-request-id (which OpenAiResponses.json sets). */
    private static <T> MutableHttpResponse<T> withRequestId(MutableHttpResponse<T> response, String requestId) {
        return response.header(AnthropicResponses.ANTHROPIC_REQUEST_ID, requestId);
    }
}

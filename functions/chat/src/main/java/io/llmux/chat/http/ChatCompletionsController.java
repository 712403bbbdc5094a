package io.llmux.chat.http;

import io.llmux.cache.CacheStatus;
import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.pipeline.ChatPipeline;
import io.llmux.pipeline.RequestContext;
import io.llmux.tenancy.Authenticator;
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
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/chat/completions}. Runs on the event loop: the pipeline is non-blocking end to
 * end, and the body is taken as raw bytes so that every parse error is ours to word.
 */
@Controller
public class ChatCompletionsController {

    private final ChatPipeline pipeline;
    private final RequestBodyGuard guard;
    private final Duration keepAlive;

    public ChatCompletionsController(ChatPipeline pipeline, RequestBodyGuard guard,
                                     @Value("${llmux.stream.keep-alive:15s}") Duration keepAlive) {
        this.pipeline = pipeline;
        this.guard = guard;
        this.keepAlive = keepAlive;
    }

    @Post(uri = "/v1/chat/completions", consumes = MediaType.ALL, produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
    public Mono<MutableHttpResponse<?>> create(HttpRequest<?> http, @Body @Nullable byte[] body) {
        RequestContext ctx = Requests.context(http);
        ChatRequest request;
        try {
            Authenticator.checkPresented(ctx.credential());
            request = ChatRequestParser.parse(guard.jsonBody(http, body));
        } catch (GatewayException e) {
            return Mono.just(uncached(OpenAiResponses.error(e, ctx.requestId())));
        }
        return request.stream() ? stream(http, request, ctx) : complete(http, request, ctx);
    }

    private Mono<MutableHttpResponse<?>> complete(HttpRequest<?> http, ChatRequest request, RequestContext ctx) {
        return ClientDisconnects.cancelOnDisconnect(http, pipeline.complete(request, ctx))
                .<MutableHttpResponse<?>>map(result -> OpenAiResponses.budget(OpenAiResponses.routed(OpenAiResponses.rateLimit(
                        OpenAiResponses.served(OpenAiResponses.json(result.body(), ctx.requestId()), result.deployment(), result.usage()),
                        result.rateLimit()).header(CacheStatus.HEADER, result.cache().wireName()), result.route()), result.budget()))
                .onErrorResume(GatewayException.class, e -> Mono.just(uncached(OpenAiResponses.error(e, ctx.requestId()))));
    }

    private Mono<MutableHttpResponse<?>> stream(HttpRequest<?> http, ChatRequest request, RequestContext ctx) {
        return ClientDisconnects.cancelOnDisconnect(http, pipeline.stream(request, ctx))
                .<MutableHttpResponse<?>>map(result -> OpenAiResponses.budget(cacheHeaders(OpenAiResponses.routed(OpenAiResponses.rateLimit(
                                HttpResponse.ok(OpenAiSse.withKeepAlives(OpenAiSse.frame(result.chunks()), keepAlive)), result.rateLimit())
                        .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                        .header("Cache-Control", "no-cache")
                        .header("X-Accel-Buffering", "no")
                        .header(OpenAiResponses.REQUEST_ID, ctx.requestId())
                        .header(OpenAiResponses.PROVIDER, result.deployment().provider().name())
                        .header(OpenAiResponses.MODEL, result.deployment().upstreamModel()), result.route()), result.cache()), result.budget()))
                .onErrorResume(GatewayException.class, e -> Mono.just(uncached(OpenAiResponses.error(e, ctx.requestId()))));
    }

    /** A streamed hit's cost is known before the first byte: nothing was paid to a provider. */
    private static MutableHttpResponse<?> cacheHeaders(MutableHttpResponse<?> response, CacheStatus cache) {
        response.header(CacheStatus.HEADER, cache.wireName());
        if (cache == CacheStatus.HIT) {
            response.header(OpenAiResponses.COST, OpenAiResponses.usd(0));
        }
        return response;
    }

    /** An error is never served from, nor stored in, the cache. */
    private static MutableHttpResponse<?> uncached(MutableHttpResponse<?> response) {
        return response.header(CacheStatus.HEADER, CacheStatus.BYPASS.wireName());
    }

}

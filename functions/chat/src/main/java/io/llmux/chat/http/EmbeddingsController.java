package io.llmux.chat.http;

import io.llmux.error.GatewayException;
import io.llmux.openai.EmbeddingRequest;
import io.llmux.openai.EmbeddingRequestParser;
import io.llmux.pipeline.ChatPipeline;
import io.llmux.pipeline.RequestContext;
import io.llmux.tenancy.Authenticator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import reactor.core.publisher.Mono;

/** {@code POST /v1/embeddings}. */
@Controller
public class EmbeddingsController {

    private final ChatPipeline pipeline;
    private final RequestBodyGuard guard;

    public EmbeddingsController(ChatPipeline pipeline, RequestBodyGuard guard) {
        this.pipeline = pipeline;
        this.guard = guard;
    }

    @Post(uri = "/v1/embeddings", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public Mono<MutableHttpResponse<?>> create(HttpRequest<?> http, @Body @Nullable byte[] body) {
        RequestContext ctx = Requests.context(http);
        EmbeddingRequest request;
        try {
            Authenticator.checkPresented(ctx.credential());
            request = EmbeddingRequestParser.parse(guard.jsonBody(http, body));
        } catch (GatewayException e) {
            return Mono.just(OpenAiResponses.error(e, ctx.requestId()));
        }
        return ClientDisconnects.cancelOnDisconnect(http, pipeline.embed(request, ctx))
                .<MutableHttpResponse<?>>map(result -> OpenAiResponses.budget(OpenAiResponses.routed(OpenAiResponses.rateLimit(
                        OpenAiResponses.served(OpenAiResponses.json(result.body(), ctx.requestId()), result.deployment(), result.usage()),
                        result.rateLimit()), result.route()), result.budget()))
                .onErrorResume(GatewayException.class, e -> Mono.just(OpenAiResponses.error(e, ctx.requestId())));
    }
}

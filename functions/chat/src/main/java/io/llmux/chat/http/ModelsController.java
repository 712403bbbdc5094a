package io.llmux.chat.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.pipeline.RequestContext;
import io.llmux.provider.ModelRouter;
import io.llmux.tenancy.Authenticator;
import io.llmux.tenancy.Principal;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import reactor.core.publisher.Mono;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: what this deployment serves to the caller's key. */
@Controller
public class ModelsController {

    private static final long CREATED = 1_700_000_000L;

    private final ModelRouter router;
    private final Authenticator authenticator;

    public ModelsController(ModelRouter router, Authenticator authenticator) {
        this.router = router;
        this.authenticator = authenticator;
    }

    @Get(uri = "/v1/models", produces = MediaType.APPLICATION_JSON)
    public Mono<MutableHttpResponse<?>> list(HttpRequest<?> http) {
        RequestContext ctx = Requests.context(http);
        return Mono.fromFuture(authenticator.authenticate(ctx.credential()))
                .<MutableHttpResponse<?>>map(principal -> {
                    ObjectNode body = Json.NODES.objectNode();
                    body.put("object", "list");
                    ArrayNode data = body.putArray("data");
                    for (ModelRouter.ListedModel listed : router.listed()) {
                        if (visible(principal, listed)) {
                            data.add(model(listed));
                        }
                    }
                    return OpenAiResponses.json(body, ctx.requestId());
                })
                .onErrorResume(GatewayException.class, e -> Mono.just(OpenAiResponses.error(e, ctx.requestId())));
    }

    @Get(uri = "/v1/models/{+id}", produces = MediaType.APPLICATION_JSON)
    public Mono<MutableHttpResponse<?>> retrieve(HttpRequest<?> http, @PathVariable String id) {
        RequestContext ctx = Requests.context(http);
        return Mono.fromFuture(authenticator.authenticate(ctx.credential()))
                .<MutableHttpResponse<?>>map(principal -> {
                    for (ModelRouter.ListedModel listed : router.listed()) {
                        if (listed.model().id().equals(id) && visible(principal, listed)) {
                            return OpenAiResponses.json(model(listed), ctx.requestId());
                        }
                    }
                    return OpenAiResponses.error(GatewayException.modelNotFound(id), ctx.requestId());
                })
                .onErrorResume(GatewayException.class, e -> Mono.just(OpenAiResponses.error(e, ctx.requestId())));
    }

    private static boolean visible(Principal principal, ModelRouter.ListedModel listed) {
        return principal.mayUse(listed.model().id(), listed.ownedBy() + "/" + listed.model().id());
    }

    private static ObjectNode model(ModelRouter.ListedModel listed) {
        ObjectNode model = Json.NODES.objectNode();
        model.put("id", listed.model().id());
        model.put("object", "model");
        model.put("created", CREATED);
        model.put("owned_by", listed.ownedBy());
        return model;
    }
}

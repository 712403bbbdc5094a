package io.llmux.chat.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.provider.ModelRouter;
import io.llmux.telemetry.RequestIds;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: what this deployment serves. The list is
 * fixed at start-up, so it is rendered once.
 */
@Controller
public class ModelsController {

    private final ModelRouter router;
    private final byte[] list;
    private final long created = 1_700_000_000L;

    public ModelsController(ModelRouter router) {
        this.router = router;
        ObjectNode body = Json.NODES.objectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (ModelRouter.ListedModel listed : router.listed()) {
            data.add(model(listed));
        }
        this.list = OpenAiResponses.bytes(body);
    }

    @Get(uri = "/v1/models", produces = MediaType.APPLICATION_JSON)
    public MutableHttpResponse<byte[]> list(HttpRequest<?> request) {
        return io.micronaut.http.HttpResponse.ok(list).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(OpenAiResponses.REQUEST_ID, RequestIds.accept(request.getHeaders().get(OpenAiResponses.REQUEST_ID)));
    }

    @Get(uri = "/v1/models/{+id}", produces = MediaType.APPLICATION_JSON)
    public MutableHttpResponse<byte[]> retrieve(HttpRequest<?> request, @PathVariable String id) {
        String requestId = RequestIds.accept(request.getHeaders().get(OpenAiResponses.REQUEST_ID));
        for (ModelRouter.ListedModel listed : router.listed()) {
            if (listed.model().id().equals(id)) {
                return OpenAiResponses.json(model(listed), requestId);
            }
        }
        return OpenAiResponses.error(GatewayException.modelNotFound(id), requestId);
    }

    private ObjectNode model(ModelRouter.ListedModel listed) {
        ObjectNode model = Json.NODES.objectNode();
        model.put("id", listed.model().id());
        model.put("object", "model");
        model.put("created", created);
        model.put("owned_by", listed.ownedBy());
        return model;
    }
}

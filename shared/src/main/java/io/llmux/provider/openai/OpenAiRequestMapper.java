package io.llmux.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.provider.EmbeddingCall;
import io.llmux.provider.ProviderCall;
import java.util.Map;

/**
 * Builds the body sent to an OpenAI-compatible service: the client's body with the fields LLMux
 * owns rewritten, the service's quirks applied, and every other field passed through as sent.
 */
final class OpenAiRequestMapper {

    private final Quirks quirks;

    OpenAiRequestMapper(Quirks quirks) {
        this.quirks = quirks;
    }

    byte[] chat(ProviderCall call) {
        ObjectNode body = shallowCopy(call.request().raw());
        body.put("model", call.upstreamModel());
        if (call.request().stream()) {
            body.remove("stream_options");
            if (quirks.acceptsStreamOptions()) {
                // Always ask for usage: metering needs it even when the client did not ask.
                JsonNode clientOptions = call.request().raw().get("stream_options");
                ObjectNode options = clientOptions instanceof ObjectNode o ? o.deepCopy() : body.objectNode();
                options.put("include_usage", true);
                body.set("stream_options", options);
            }
        }
        applyQuirks(body);
        return write(body);
    }

    byte[] embeddings(EmbeddingCall call) {
        ObjectNode body = shallowCopy(call.request().raw());
        body.put("model", call.upstreamModel());
        return write(body);
    }

    private void applyQuirks(ObjectNode body) {
        for (String field : quirks.droppedFields()) {
            body.remove(field);
        }
        for (Map.Entry<String, String> rename : quirks.renamedFields().entrySet()) {
            JsonNode value = body.remove(rename.getKey());
            if (value != null && !body.has(rename.getValue())) {
                body.set(rename.getValue(), value);
            }
        }
    }

    /** A copy of the top level only: nested values are shared, and never modified. */
    private static ObjectNode shallowCopy(ObjectNode raw) {
        ObjectNode copy = Json.NODES.objectNode();
        copy.setAll(raw);
        return copy;
    }

    private static byte[] write(ObjectNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

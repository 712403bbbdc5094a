package io.llmux.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;

/** Renders a {@link GatewayException} as OpenAI's {@code {"error":{message,type,param,code}}}. */
public final class OpenAiErrorBody {

    private OpenAiErrorBody() {
    }

    public static ObjectNode of(GatewayException e) {
        ObjectNode root = Json.NODES.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type().openAiType());
        error.put("param", e.param());
        error.put("code", e.code());
        return root;
    }

    public static byte[] bytes(GatewayException e) {
        try {
            return Json.MAPPER.writeValueAsBytes(of(e));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

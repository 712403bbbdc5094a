package io.llmux.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.telemetry.RequestIds;
import io.llmux.tokens.Usage;

/**
 * A whole OpenAI chat completion as an Anthropic {@code Message}: the first choice's reasoning
 * (where the provider reports it as {@code reasoning_content}) as a thinking block, its text as a
 * text block, each tool call as a tool_use block whose {@code input} is the parsed arguments
 * object; finish_reason as stop_reason; usage in Anthropic's terms.
 */
public final class AnthropicResponseMapper {

    /** Where arguments that are not a JSON object go, so that nothing the model said is lost. */
    static final String UNPARSED_ARGUMENTS = "_unparsed_arguments";

    private AnthropicResponseMapper() {
    }

    /**
     * @param completion the OpenAI response body
     * @param model      the model as the client named it
     * @param usage      the usage the gateway settled (the provider's report, or its own count), or
     *                   null to read the body's
     */
    public static ObjectNode message(JsonNode completion, String model, Usage usage) {
        ObjectNode message = Json.NODES.objectNode();
        message.put("id", newMessageId());
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        ArrayNode content = message.putArray("content");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode answer = choice.path("message");
        String reasoning = answer.path("reasoning_content").textValue();
        if (reasoning != null && !reasoning.isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "");
        }
        String text = answer.path("content").textValue();
        if (text != null && !text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        String refusal = answer.path("refusal").textValue();
        if (refusal != null && !refusal.isEmpty()) {
            content.addObject().put("type", "text").put("text", refusal);
        }
        for (JsonNode call : answer.path("tool_calls")) {
            ObjectNode block = content.addObject();
            block.put("type", "tool_use");
            block.put("id", call.path("id").asText());
            block.put("name", call.path("function").path("name").asText());
            block.set("input", input(call.path("function").path("arguments").asText("")));
        }
        String finish = choice.path("finish_reason").textValue();
        String matched = StopReasons.matchedStop(choice);
        String stopReason = refusal != null && !refusal.isEmpty() && "stop".equals(finish) ? "refusal" : StopReasons.of(finish, matched);
        message.put("stop_reason", stopReason);
        if ("stop_sequence".equals(stopReason)) {
            message.put("stop_sequence", matched);
        } else {
            message.putNull("stop_sequence");
        }
        JsonNode reported = completion.get("usage");
        if (usage != null) {
            message.set("usage", AnthropicUsage.of(usage, reported));
        } else {
            message.set("usage", AnthropicUsage.of(reported == null ? Json.NODES.objectNode() : reported));
        }
        return message;
    }

    /** Anthropic's tool input is an object; OpenAI's arguments are a string the model wrote. */
    static ObjectNode input(String arguments) {
        if (arguments.isBlank()) {
            return Json.NODES.objectNode();
        }
        try {
            JsonNode parsed = Json.MAPPER.readTree(arguments);
            if (parsed instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException notJson) {
            // Kept below, as the model wrote it.
        }
        return Json.NODES.objectNode().put(UNPARSED_ARGUMENTS, arguments);
    }

    /** {@code msg_} and 96 random bits, like the request ids. */
    public static String newMessageId() {
        return "msg_" + RequestIds.next().substring(4);
    }
}

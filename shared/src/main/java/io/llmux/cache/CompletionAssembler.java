package io.llmux.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds the whole ChatCompletion from the chunks of a stream as they pass: per choice the
 * role, content, refusal, tool calls (arguments concatenated by index), log-probabilities and
 * finish reason, and the envelope fields of the first chunk. It copies what it needs, so later
 * changes to a chunk do not reach it.
 */
public final class CompletionAssembler {

    private static final String[] ENVELOPE = {"id", "created", "model", "system_fingerprint", "service_tier"};

    private final ObjectNode envelope = Json.NODES.objectNode();
    private final Map<Integer, Choice> choices = new TreeMap<>();
    private JsonNode usage;

    private static final class Choice {
        String role;
        StringBuilder content;
        StringBuilder refusal;
        final Map<Integer, ObjectNode> toolCalls = new TreeMap<>();
        final Map<Integer, StringBuilder> arguments = new TreeMap<>();
        ArrayNode contentLogprobs;
        ArrayNode refusalLogprobs;
        String finishReason;
    }

    public void add(ObjectNode chunk) {
        for (String field : ENVELOPE) {
            JsonNode value = chunk.get(field);
            if (value != null && !value.isNull() && !envelope.has(field)) {
                envelope.set(field, value.deepCopy());
            }
        }
        JsonNode reported = chunk.get("usage");
        if (reported != null && reported.isObject()) {
            usage = reported.deepCopy();
        }
        JsonNode list = chunk.get("choices");
        if (list == null) {
            return;
        }
        for (JsonNode node : list) {
            Choice choice = choices.computeIfAbsent(node.path("index").asInt(0), i -> new Choice());
            JsonNode delta = node.path("delta");
            if (delta.path("role").isTextual()) {
                choice.role = delta.get("role").textValue();
            }
            if (delta.path("content").isTextual()) {
                choice.content = append(choice.content, delta.get("content").textValue());
            }
            if (delta.path("refusal").isTextual()) {
                choice.refusal = append(choice.refusal, delta.get("refusal").textValue());
            }
            for (JsonNode call : delta.path("tool_calls")) {
                toolCall(choice, call);
            }
            JsonNode logprobs = node.get("logprobs");
            if (logprobs != null && logprobs.isObject()) {
                choice.contentLogprobs = appendAll(choice.contentLogprobs, logprobs.get("content"));
                choice.refusalLogprobs = appendAll(choice.refusalLogprobs, logprobs.get("refusal"));
            }
            if (node.path("finish_reason").isTextual()) {
                choice.finishReason = node.get("finish_reason").textValue();
            }
        }
    }

    private static void toolCall(Choice choice, JsonNode call) {
        int index = call.path("index").asInt(0);
        ObjectNode assembled = choice.toolCalls.computeIfAbsent(index, i -> Json.NODES.objectNode());
        if (call.path("id").isTextual()) {
            assembled.put("id", call.get("id").textValue());
        }
        if (call.path("type").isTextual()) {
            assembled.put("type", call.get("type").textValue());
        }
        JsonNode function = call.path("function");
        if (function.path("name").isTextual()) {
            ObjectNode target = assembled.has("function") ? (ObjectNode) assembled.get("function") : assembled.putObject("function");
            target.put("name", function.get("name").textValue());
        }
        if (function.path("arguments").isTextual()) {
            choice.arguments.computeIfAbsent(index, i -> new StringBuilder()).append(function.get("arguments").textValue());
        }
    }

    /**
     * The completion as a non-streamed call would have returned it, with the stream's usage report,
     * or {@code fallbackUsage} when the stream carried none.
     */
    public ObjectNode completion(ObjectNode fallbackUsage) {
        ObjectNode body = Json.NODES.objectNode();
        body.set("id", envelope.get("id"));
        body.put("object", "chat.completion");
        body.set("created", envelope.get("created"));
        body.set("model", envelope.get("model"));
        for (String optional : new String[] {"system_fingerprint", "service_tier"}) {
            if (envelope.has(optional)) {
                body.set(optional, envelope.get(optional));
            }
        }
        ArrayNode list = body.putArray("choices");
        choices.forEach((index, choice) -> {
            ObjectNode item = list.addObject();
            item.put("index", index);
            ObjectNode message = item.putObject("message");
            message.put("role", choice.role == null ? "assistant" : choice.role);
            message.put("content", choice.content == null ? null : choice.content.toString());
            message.put("refusal", choice.refusal == null ? null : choice.refusal.toString());
            if (!choice.toolCalls.isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                choice.toolCalls.forEach((i, call) -> {
                    ObjectNode function = call.has("function") ? (ObjectNode) call.get("function") : call.putObject("function");
                    StringBuilder arguments = choice.arguments.get(i);
                    function.put("arguments", arguments == null ? "" : arguments.toString());
                    if (!call.has("type")) {
                        call.put("type", "function");
                    }
                    calls.add(call);
                });
            }
            if (choice.contentLogprobs != null || choice.refusalLogprobs != null) {
                ObjectNode logprobs = item.putObject("logprobs");
                logprobs.set("content", choice.contentLogprobs);
                logprobs.set("refusal", choice.refusalLogprobs);
            } else {
                item.putNull("logprobs");
            }
            item.put("finish_reason", choice.finishReason);
        });
        body.set("usage", usage != null ? usage : fallbackUsage);
        return body;
    }

    private static StringBuilder append(StringBuilder text, String more) {
        return (text == null ? new StringBuilder() : text).append(more);
    }

    private static ArrayNode appendAll(ArrayNode into, JsonNode items) {
        if (items == null || !items.isArray()) {
            return into;
        }
        ArrayNode target = into == null ? Json.NODES.arrayNode() : into;
        items.forEach(item -> target.add(item.deepCopy()));
        return target;
    }
}

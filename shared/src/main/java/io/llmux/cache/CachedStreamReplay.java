package io.llmux.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a cached ChatCompletion back into the chunks of a stream, as a provider would have sent
 * them: per choice a role chunk, a content chunk, a refusal chunk, one chunk per tool call (id,
 * name and whole arguments at once) and a finish chunk; then a usage chunk when the client asked
 * for one. Every chunk carries the completion's id, created, model and fingerprint.
 */
public final class CachedStreamReplay {

    private CachedStreamReplay() {
    }

    public static List<ObjectNode> chunks(ObjectNode completion, boolean includeUsage) {
        List<ObjectNode> chunks = new ArrayList<>();
        for (JsonNode choice : completion.path("choices")) {
            int index = choice.path("index").asInt(0);
            JsonNode message = choice.path("message");
            ObjectNode first = chunk(completion, index, chunks);
            delta(first).put("role", message.path("role").asText("assistant"));
            if (message.path("content").isTextual()) {
                delta(first).put("content", "");
                String content = message.get("content").textValue();
                if (!content.isEmpty() || choice.path("logprobs").path("content").isArray()) {
                    ObjectNode text = chunk(completion, index, chunks);
                    delta(text).put("content", content);
                    JsonNode logprobs = choice.get("logprobs");
                    if (logprobs != null && logprobs.isObject()) {
                        choice(text).set("logprobs", logprobs.deepCopy());
                    }
                }
            }
            if (message.path("refusal").isTextual()) {
                delta(chunk(completion, index, chunks)).put("refusal", message.get("refusal").textValue());
            }
            int call = 0;
            for (JsonNode toolCall : message.path("tool_calls")) {
                ObjectNode delta = delta(chunk(completion, index, chunks));
                ObjectNode part = delta.putArray("tool_calls").addObject();
                part.put("index", call++);
                part.set("id", toolCall.get("id"));
                part.put("type", toolCall.path("type").asText("function"));
                part.putObject("function")
                        .put("name", toolCall.path("function").path("name").asText(""))
                        .put("arguments", toolCall.path("function").path("arguments").asText(""));
            }
            ObjectNode last = chunk(completion, index, chunks);
            choice(last).set("finish_reason", choice.get("finish_reason"));
        }
        JsonNode usage = completion.get("usage");
        if (includeUsage && usage != null && usage.isObject()) {
            ObjectNode usageChunk = envelope(completion);
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage.deepCopy());
            chunks.add(usageChunk);
        }
        return chunks;
    }

    private static ObjectNode chunk(ObjectNode completion, int index, List<ObjectNode> into) {
        ObjectNode chunk = envelope(completion);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        choice.putObject("delta");
        choice.putNull("finish_reason");
        into.add(chunk);
        return chunk;
    }

    private static ObjectNode envelope(ObjectNode completion) {
        ObjectNode chunk = Json.NODES.objectNode();
        chunk.set("id", completion.get("id"));
        chunk.put("object", "chat.completion.chunk");
        chunk.set("created", completion.get("created"));
        chunk.set("model", completion.get("model"));
        for (String optional : new String[] {"system_fingerprint", "service_tier"}) {
            if (completion.hasNonNull(optional)) {
                chunk.set(optional, completion.get(optional));
            }
        }
        return chunk;
    }

    private static ObjectNode choice(ObjectNode chunk) {
        return (ObjectNode) chunk.get("choices").get(0);
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) choice(chunk).get("delta");
    }
}

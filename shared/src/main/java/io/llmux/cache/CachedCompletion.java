package io.llmux.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import java.io.IOException;

/**
 * A cached answer: the complete OpenAI ChatCompletion as the client received it (or as assembled
 * from the stream it received), and the usage the original call was metered with, so that a hit
 * reports the same tokens. Stored as compact JSON:
 * {@code {"completion":{...},"usage":{"prompt":N,"completion":N,"cached_prompt":N,"source":"provider"}}}.
 */
public record CachedCompletion(ObjectNode completion, Usage usage) {

    public byte[] toBytes() {
        ObjectNode entry = Json.NODES.objectNode();
        entry.set("completion", completion);
        entry.putObject("usage")
                .put("prompt", usage.promptTokens())
                .put("completion", usage.completionTokens())
                .put("cached_prompt", usage.cachedPromptTokens())
                .put("source", usage.source().name());
        try {
            return Json.MAPPER.writeValueAsBytes(entry);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The entry, or null when the bytes are not one (written by another version, or damaged): a miss. */
    public static CachedCompletion fromBytes(byte[] bytes) {
        try {
            JsonNode entry = Json.MAPPER.readTree(bytes);
            JsonNode completion = entry.get("completion");
            JsonNode usage = entry.get("usage");
            if (!(completion instanceof ObjectNode body) || usage == null || !usage.isObject()) {
                return null;
            }
            return new CachedCompletion(body, new Usage(usage.path("prompt").asLong(), usage.path("completion").asLong(),
                    usage.path("cached_prompt").asLong(), UsageSource.valueOf(usage.path("source").asText())));
        } catch (IOException | IllegalArgumentException damaged) {
            return null;
        }
    }

    /** Whether a completion is whole: at least one choice, and every choice says why it finished. */
    public static boolean isComplete(JsonNode completion) {
        JsonNode choices = completion.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            return false;
        }
        for (JsonNode choice : choices) {
            JsonNode reason = choice.get("finish_reason");
            if (reason == null || !reason.isTextual()) {
                return false;
            }
        }
        return true;
    }
}

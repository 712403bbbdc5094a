package io.llmux.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.tokens.Usage;

/**
 * Token usage in Anthropic's terms. OpenAI's {@code prompt_tokens} includes the tokens read from
 * (and written to) the provider's prompt cache; Anthropic's {@code input_tokens} counts only the
 * rest, with {@code cache_read_input_tokens} and {@code cache_creation_input_tokens} beside it.
 * Cache writes are read from {@code usage.cache_creation_input_tokens}, where an adapter for a
 * provider that reports them (Anthropic, Bedrock) leaves them.
 */
public final class AnthropicUsage {

    private AnthropicUsage() {
    }

    public static ObjectNode of(Usage usage, JsonNode openAiUsage) {
        long cacheWrite = openAiUsage == null ? 0 : openAiUsage.path("cache_creation_input_tokens").asLong(0);
        return of(usage.promptTokens(), usage.completionTokens(), usage.cachedPromptTokens(), cacheWrite);
    }

    /** From an OpenAI {@code usage} object. */
    public static ObjectNode of(JsonNode openAiUsage) {
        return of(openAiUsage.path("prompt_tokens").asLong(0), openAiUsage.path("completion_tokens").asLong(0),
                openAiUsage.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                openAiUsage.path("cache_creation_input_tokens").asLong(0));
    }

    static ObjectNode of(long prompt, long completion, long cacheRead, long cacheWrite) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("input_tokens", Math.max(0, prompt - cacheRead - cacheWrite));
        node.put("cache_creation_input_tokens", cacheWrite);
        node.put("cache_read_input_tokens", cacheRead);
        node.put("output_tokens", completion);
        return node;
    }
}

package io.llmux.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;

/**
 * Gemini's {@code usageMetadata} in OpenAI's terms. Thinking tokens are output the caller pays
 * for, so they count as completion tokens and are also reported as
 * {@code completion_tokens_details.reasoning_tokens}; cached-content tokens are part of the prompt
 * and reported as {@code prompt_tokens_details.cached_tokens}; tokens of tool-use prompts are
 * input too.
 */
final class GeminiUsage {

    private GeminiUsage() {
    }

    /** OpenAI's usage object, or null when the response carries no usage. */
    static ObjectNode of(JsonNode usageMetadata) {
        if (usageMetadata == null || !usageMetadata.isObject()) {
            return null;
        }
        long prompt = usageMetadata.path("promptTokenCount").asLong(0) + usageMetadata.path("toolUsePromptTokenCount").asLong(0);
        long thoughts = usageMetadata.path("thoughtsTokenCount").asLong(0);
        long completion = usageMetadata.path("candidatesTokenCount").asLong(0) + thoughts;
        ObjectNode usage = Json.NODES.objectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", usageMetadata.path("cachedContentTokenCount").asLong(0));
        usage.putObject("completion_tokens_details").put("reasoning_tokens", thoughts);
        return usage;
    }
}

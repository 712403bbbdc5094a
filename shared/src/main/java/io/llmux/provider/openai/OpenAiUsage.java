package io.llmux.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;

/**
 * Reads OpenAI's {@code usage} object (the same in responses, stream chunks and embeddings). Adapters
 * of providers that charge prompt-cache writes apart (Anthropic) add {@code cache_creation_input_tokens}
 * beside the standard fields, as LiteLLM does; the pipeline meters from this one reader.
 */
public final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** The usage in a body or chunk, or null when it carries none. */
    public static Usage of(JsonNode body) {
        JsonNode usage = body.get("usage");
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        long cacheCreation = usage.path("cache_creation_input_tokens").asLong(0);
        return new Usage(prompt, completion, cached, cacheCreation, UsageSource.PROVIDER);
    }
}

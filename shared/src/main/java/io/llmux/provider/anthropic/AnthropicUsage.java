package io.llmux.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;

/**
 * Anthropic's usage counts, as OpenAI's {@code usage} object. Anthropic counts three kinds of input
 * apart ({@code input_tokens} excludes the cache); OpenAI's {@code prompt_tokens} is all input, with
 * cache reads in {@code prompt_tokens_details.cached_tokens}. Cache writes, which OpenAI has no
 * field for and Anthropic bills at 1.25x input, go in {@code cache_creation_input_tokens} (and reads
 * again in {@code cache_read_input_tokens}), the names LiteLLM uses; {@link io.llmux.provider.openai.OpenAiUsage}
 * reads them back for metering.
 *
 * <p>Mutable because a stream reports usage twice: input in {@code message_start}, the final output
 * (and, from newer API versions, final input) in {@code message_delta}.
 */
final class AnthropicUsage {

    private long input;
    private long cacheRead;
    private long cacheCreation;
    private long output;

    /** Takes the counts present in an Anthropic {@code usage} object; absent or null ones keep their value. */
    AnthropicUsage update(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return this;
        }
        input = count(usage, "input_tokens", input);
        cacheRead = count(usage, "cache_read_input_tokens", cacheRead);
        cacheCreation = count(usage, "cache_creation_input_tokens", cacheCreation);
        output = count(usage, "output_tokens", output);
        return this;
    }

    ObjectNode toOpenAi() {
        long prompt = input + cacheRead + cacheCreation;
        ObjectNode usage = Json.NODES.objectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", output);
        usage.put("total_tokens", prompt + output);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        usage.put("cache_read_input_tokens", cacheRead);
        usage.put("cache_creation_input_tokens", cacheCreation);
        return usage;
    }

    private static long count(JsonNode usage, String field, long current) {
        JsonNode value = usage.get(field);
        return value != null && value.canConvertToLong() && value.isIntegralNumber() ? Math.max(0, value.longValue()) : current;
    }
}

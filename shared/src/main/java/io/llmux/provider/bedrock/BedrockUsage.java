package io.llmux.provider.bedrock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * Bedrock's token usage in OpenAI's terms. Converse counts prompt-cache reads and writes apart
 * from {@code inputTokens} (as Anthropic does), while OpenAI's {@code prompt_tokens} includes
 * cached tokens: so prompt_tokens = input + cache read + cache write, and cached_tokens = cache
 * read. Cache writes are reported in {@code prompt_tokens_details.cache_write_tokens} too, for
 * clients that tell them apart; {@link Usage#cacheCreationTokens()} carries them to pricing.
 */
final class BedrockUsage {

    private BedrockUsage() {
    }

    static Usage of(TokenUsage usage) {
        if (usage == null) {
            return null;
        }
        long cacheRead = orZero(usage.cacheReadInputTokens());
        long cacheWrite = orZero(usage.cacheWriteInputTokens());
        long prompt = orZero(usage.inputTokens()) + cacheRead + cacheWrite;
        return new Usage(prompt, orZero(usage.outputTokens()), cacheRead, cacheWrite, UsageSource.PROVIDER);
    }

    static ObjectNode node(TokenUsage usage) {
        Usage mapped = of(usage);
        ObjectNode node = Json.NODES.objectNode();
        node.put("prompt_tokens", mapped.promptTokens());
        node.put("completion_tokens", mapped.completionTokens());
        node.put("total_tokens", mapped.totalTokens());
        long cacheWrite = orZero(usage.cacheWriteInputTokens());
        if (mapped.cachedPromptTokens() > 0 || cacheWrite > 0) {
            ObjectNode details = node.putObject("prompt_tokens_details");
            details.put("cached_tokens", mapped.cachedPromptTokens());
            details.put("cache_write_tokens", cacheWrite);
        }
        return node;
    }

    private static long orZero(Integer value) {
        return value == null ? 0 : value;
    }
}

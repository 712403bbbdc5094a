package io.llmux.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.tokens.Usage;

/**
 * A whole completion in OpenAI's CreateChatCompletionResponse shape.
 *
 * @param body  the response body
 * @param usage the provider's usage report, or null when it gave none
 */
public record ChatCompletion(ObjectNode body, Usage usage) {
}

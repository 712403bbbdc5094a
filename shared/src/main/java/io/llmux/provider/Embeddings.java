package io.llmux.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.tokens.Usage;

/**
 * Embeddings in OpenAI's CreateEmbeddingResponse shape.
 *
 * @param body  the response body
 * @param usage the provider's usage report, or null
 */
public record Embeddings(ObjectNode body, Usage usage) {
}

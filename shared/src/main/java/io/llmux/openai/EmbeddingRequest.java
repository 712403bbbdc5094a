package io.llmux.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A validated {@code POST /v1/embeddings} body.
 *
 * @param model      the model the client asked for
 * @param texts      the inputs that are text (token-array inputs are left in {@code raw})
 * @param inputCount how many inputs there are, text or token arrays
 * @param base64     whether the client asked for {@code encoding_format: base64}
 * @param dimensions the requested dimensions, or null
 * @param raw        the body as received
 */
public record EmbeddingRequest(String model, List<String> texts, int inputCount, boolean base64,
                               Integer dimensions, ObjectNode raw) {
}

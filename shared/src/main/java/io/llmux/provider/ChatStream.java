package io.llmux.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import reactor.core.publisher.Flux;

/**
 * A streamed completion: chunks in OpenAI's CreateChatCompletionStreamResponse shape, in order. A
 * chunk with a non-null {@code usage} is the provider's usage report. Cancelling the subscription
 * closes the provider connection. The stream completes only when the provider signalled a proper
 * end; a cut stream ends with an error.
 */
public record ChatStream(Flux<ObjectNode> chunks) {
}

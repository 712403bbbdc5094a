package io.llmux.provider.openai;

import java.util.Map;
import java.util.Set;

/**
 * How an OpenAI-compatible service departs from OpenAI's API.
 *
 * @param renamedFields        request fields the service knows by another name
 * @param droppedFields        request fields the service rejects rather than ignores
 * @param acceptsStreamOptions whether it takes {@code stream_options.include_usage}; when it
 *                             does not, LLMux counts a stream's tokens itself if no usage comes
 */
public record Quirks(Map<String, String> renamedFields, Set<String> droppedFields, boolean acceptsStreamOptions) {

    public static final Quirks NONE = new Quirks(Map.of(), Set.of(), true);
}

package io.llmux.bench.floor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.util.List;
import java.util.Map;

/**
 * The floor's only route: takes the body as bytes, as the chat function's controller does, and
 * answers a constant chat completion through the same JSON mapper. A benchmark fixture, not a
 * gateway: it exists so that the bench can time the framework without LLMux.
 */
@Controller
public class ConstantChatController {

    private static final Map<String, Object> ANSWER = Map.of(
            "object", "chat.completion",
            "model", "floor",
            "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                    "message", Map.of("role", "assistant", "content", "floor"))));

    @Post(uri = "/v1/chat/completions", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> create(@Body @Nullable byte[] body) {
        return ANSWER;
    }
}

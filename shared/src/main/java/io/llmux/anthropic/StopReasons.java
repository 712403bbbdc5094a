package io.llmux.anthropic;

import com.fasterxml.jackson.databind.JsonNode;

/** OpenAI's {@code finish_reason} as Anthropic's {@code stop_reason}. */
public final class StopReasons {

    private StopReasons() {
    }

    /**
     * @param finishReason OpenAI's finish_reason, or null when the provider gave none
     * @param matchedStop  the stop sequence that ended the answer, when the provider said which
     *                     (OpenAI does not; vLLM and LLMux's own adapters put it in the choice's
     *                     {@code stop_reason}), else null
     */
    public static String of(String finishReason, String matchedStop) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            case "stop" -> matchedStop != null ? "stop_sequence" : "end_turn";
            default -> "end_turn";
        };
    }

    /** The stop sequence a choice reports in its {@code stop_reason} (a string), or null. */
    public static String matchedStop(JsonNode choice) {
        JsonNode stop = choice.get("stop_reason");
        return stop != null && stop.isTextual() ? stop.textValue() : null;
    }
}

package io.llmux.provider.gemini;

/**
 * Gemini's finishReason (and promptFeedback.blockReason) as OpenAI's finish_reason. Every safety
 * and policy stop is {@code content_filter}; a stop with function calls is {@code tool_calls};
 * the rest (OTHER, MALFORMED_FUNCTION_CALL, ...) end the answer without a more precise OpenAI
 * counterpart, so they are {@code stop}.
 */
final class GeminiFinishReason {

    static final String CONTENT_FILTER = "content_filter";

    private GeminiFinishReason() {
    }

    static String toOpenAi(String finishReason, boolean calledFunctions) {
        return switch (finishReason) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> CONTENT_FILTER;
            default -> calledFunctions ? "tool_calls" : "stop";
        };
    }
}

package io.llmux.chat.conformance;

/** Anthropic-format clients served by Google Gemini: /v1/messages in front of the Gemini adapter. */
class GeminiMessagesConformanceTest extends MessagesConformanceMatrix {

    @Override
    protected ProviderConformanceMatrix adapter() {
        return new GeminiConformanceTest();
    }
}

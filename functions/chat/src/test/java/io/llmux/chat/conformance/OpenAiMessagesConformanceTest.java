package io.llmux.chat.conformance;

/** Anthropic-format clients served by the OpenAI adapter: /v1/messages in front of OpenAI's API. */
class OpenAiMessagesConformanceTest extends MessagesConformanceMatrix {

    @Override
    protected ProviderConformanceMatrix adapter() {
        return new OpenAiConformanceTest();
    }
}

package io.llmux.chat.conformance;

/** Anthropic-format clients served by Azure OpenAI: /v1/messages in front of the AzureOpenAi adapter. */
class AzureOpenAiMessagesConformanceTest extends MessagesConformanceMatrix {

    @Override
    protected ProviderConformanceMatrix adapter() {
        return new AzureOpenAiConformanceTest();
    }
}

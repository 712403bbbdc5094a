package io.llmux.chat.conformance;

/** Anthropic-format clients served by Anthropic's own API: /v1/messages in front of the Anthropic adapter. */
class AnthropicMessagesConformanceTest extends MessagesConformanceMatrix {

    @Override
    protected ProviderConformanceMatrix adapter() {
        return new AnthropicConformanceTest() {
            @Override
            int expectedMaxTokens() {
                return DEFAULT_MAX_TOKENS; // an Anthropic client always sends its own limit
            }
        };
    }
}

package io.llmux.chat.conformance;

import org.junit.jupiter.api.AfterAll;

/** Anthropic-format clients served by Amazon Bedrock (Converse): /v1/messages in front of the Bedrock adapter. */
class BedrockMessagesConformanceTest extends MessagesConformanceMatrix {

    private final BedrockConformanceTest bedrock = new BedrockConformanceTest();

    @Override
    protected ProviderConformanceMatrix adapter() {
        return bedrock;
    }

    /** The adapter's own @AfterAll does not run here: remove the test credentials it set. */
    @AfterAll
    void clearCredentials() {
        bedrock.clearCredentials();
    }
}

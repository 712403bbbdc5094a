package io.llmux.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.openai.ChatMessage;
import io.llmux.openai.ChatRequest;
import io.llmux.tokens.TokenCounter;

/**
 * What a request needs from a deployment, read once per request: streaming, tools, image input,
 * JSON mode, and (only when a context window must be checked) its prompt length.
 */
public final class RequestTraits {

    private final ChatRequest request;
    private final TokenCounter tokens;
    private final boolean tools;
    private final boolean images;
    private final boolean json;
    private final int chars;
    private int promptTokens = -1;

    public RequestTraits(ChatRequest request, TokenCounter tokens) {
        this.request = request;
        this.tokens = tokens;
        JsonNode t = request.tools();
        this.tools = t != null && t.isArray() && !t.isEmpty();
        String format = request.responseFormatType();
        this.json = "json_object".equals(format) || "json_schema".equals(format);
        boolean anyImage = false;
        int length = 0;
        for (ChatMessage message : request.messages()) {
            anyImage |= message.images() != null && !message.images().isEmpty();
            length += message.text().length();
        }
        this.images = anyImage;
        this.chars = length;
    }

    public ChatRequest request() {
        return request;
    }

    public boolean stream() {
        return request.stream();
    }

    public boolean tools() {
        return tools;
    }

    public boolean images() {
        return images;
    }

    public boolean json() {
        return json;
    }

    /**
     * Whether prompt plus requested output fits a context window. Counting tokens costs a pass of
     * the tokenizer, so a prompt whose characters (times two, a safe bound on tokens per character
     * for the tokenizers in use) fit anyway is not counted.
     */
    public boolean fits(int contextWindow) {
        if (contextWindow <= 0) {
            return true;
        }
        int output = request.maxOutputTokens() == null ? 0 : request.maxOutputTokens();
        if ((long) chars * 2 + 64L * request.messages().size() + output < contextWindow) {
            return true;
        }
        return promptTokens() + output <= contextWindow;
    }

    /** The prompt's tokens, counted on first use. */
    public int promptTokens() {
        if (promptTokens < 0) {
            promptTokens = tokens.countPrompt(request);
        }
        return promptTokens;
    }
}

package io.llmux.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.provider.openai.OpenAiUsage;
import io.llmux.tokens.Usage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches one stream go by: keeps the provider's usage report if one arrives, and the text
 * produced so far (for a local count when none does, or when the stream is cut), and makes sure
 * the stream is settled exactly once, however it ends.
 */
final class StreamUsageTap {

    private final StringBuilder output = new StringBuilder();
    private final AtomicBoolean settled = new AtomicBoolean();
    private Usage reported;

    /** Observes a chunk; returns whether the client should receive it. */
    boolean observe(ObjectNode chunk, boolean clientWantsUsage) {
        JsonNode choices = chunk.get("choices");
        if (choices != null) {
            for (JsonNode choice : choices) {
                JsonNode delta = choice.get("delta");
                if (delta == null) {
                    continue;
                }
                appendText(delta.get("content"));
                appendText(delta.get("refusal"));
                JsonNode calls = delta.get("tool_calls");
                if (calls != null) {
                    for (JsonNode call : calls) {
                        JsonNode function = call.get("function");
                        if (function != null) {
                            appendText(function.get("name"));
                            appendText(function.get("arguments"));
                        }
                    }
                }
            }
        }
        Usage usage = OpenAiUsage.of(chunk);
        if (usage != null) {
            reported = usage;
            boolean usageOnly = choices == null || choices.isEmpty();
            if (!clientWantsUsage) {
                if (usageOnly) {
                    return false;
                }
                chunk.remove("usage");
            }
        }
        return true;
    }

    private void appendText(JsonNode text) {
        if (text != null && text.isTextual()) {
            output.append(text.textValue());
        }
    }

    Usage reported() {
        return reported;
    }

    CharSequence output() {
        return output;
    }

    /** True the first time only. */
    boolean claimSettlement() {
        return settled.compareAndSet(false, true);
    }
}

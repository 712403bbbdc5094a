package io.llmux.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON documents OpenAI's API sends (chat completions, stream chunks, embeddings, errors),
 * shaped like the real ones, with a fixed usage report that tests can recognise.
 */
public final class OpenAiWireFormat {

    /** The prompt tokens every fake answer reports; chosen to differ from any local count. */
    public static final long PROMPT_TOKENS = 1234;
    /** The completion tokens every fake answer reports. */
    public static final long COMPLETION_TOKENS = 567;

    private static final String ID = "chatcmpl-fake";
    private static final long CREATED = 1_750_000_000L;

    private OpenAiWireFormat() {
    }

    public static ObjectNode completion(String model, FakeReply answer) {
        ObjectNode body = envelope("chat.completion", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (answer instanceof FakeReply.ToolCall call) {
            message.putNull("content");
            ObjectNode tool = message.putArray("tool_calls").addObject();
            tool.put("id", call.id());
            tool.put("type", "function");
            tool.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            choice.put("finish_reason", "tool_calls");
        } else {
            message.put("content", textOf(answer));
            choice.put("finish_reason", finishReasonOf(answer));
        }
        message.putNull("refusal");
        choice.putNull("logprobs");
        body.set("usage", usage());
        return body;
    }

    /** A whole streamed answer without its usage chunk: role, deltas, then the finish reason. */
    public static List<ObjectNode> chunks(String model, FakeReply answer) {
        List<ObjectNode> chunks = new ArrayList<>();
        if (answer instanceof FakeReply.ToolCall call) {
            ObjectNode first = chunk(model);
            ObjectNode delta = delta(first).put("role", "assistant").putNull("content");
            ObjectNode tool = delta.putArray("tool_calls").addObject();
            tool.put("index", 0).put("id", call.id()).put("type", "function");
            tool.putObject("function").put("name", call.name()).put("arguments", "");
            chunks.add(first);
            for (String fragment : fragments(call.arguments(), 5)) {
                ObjectNode more = chunk(model);
                ObjectNode moreTool = delta(more).putArray("tool_calls").addObject();
                moreTool.put("index", 0).putObject("function").put("arguments", fragment);
                chunks.add(more);
            }
            chunks.add(finish(model, "tool_calls"));
        } else {
            String text = textOf(answer);
            chunks.addAll(textChunks(model, text, words(text).size()));
            chunks.add(finish(model, finishReasonOf(answer)));
        }
        return chunks;
    }

    /** The text of a {@link FakeReply.Text} or {@link FakeReply.Truncated} answer. */
    public static String textOf(FakeReply answer) {
        return switch (answer) {
            case FakeReply.Text text -> text.content();
            case FakeReply.Truncated truncated -> truncated.content();
            default -> throw new IllegalArgumentException("Not a text answer: " + answer);
        };
    }

    /** OpenAI's finish_reason for a text answer: {@code length} when it was cut at the output limit. */
    public static String finishReasonOf(FakeReply answer) {
        return answer instanceof FakeReply.Truncated ? "length" : "stop";
    }

    /** The role chunk and the first {@code count} words of {@code text}, one chunk each. */
    public static List<ObjectNode> textChunks(String model, String text, int count) {
        List<ObjectNode> chunks = new ArrayList<>();
        ObjectNode first = chunk(model);
        delta(first).put("role", "assistant").put("content", "").putNull("refusal");
        chunks.add(first);
        for (String word : words(text).subList(0, Math.min(count, words(text).size()))) {
            ObjectNode next = chunk(model);
            delta(next).put("content", word);
            chunks.add(next);
        }
        return chunks;
    }

    /** The final chunk OpenAI sends when the client asked for usage: no choices, only usage. */
    public static ObjectNode usageChunk(String model) {
        ObjectNode chunk = envelope("chat.completion.chunk", model);
        chunk.putArray("choices");
        chunk.set("usage", usage());
        return chunk;
    }

    public static ObjectNode embeddings(String model, int inputs) {
        ObjectNode body = Json.NODES.objectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < inputs; i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            item.putArray("embedding").add(0.25f + i).add(-0.5f).add(0.75f);
        }
        body.put("model", model);
        body.putObject("usage").put("prompt_tokens", PROMPT_TOKENS).put("total_tokens", PROMPT_TOKENS);
        return body;
    }

    public static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode body = Json.NODES.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return body;
    }

    /** OpenAI's words for a prompt beyond the context window (its code is context_length_exceeded). */
    public static String contextTooLongMessage(FakeReply.ContextTooLong tooLong) {
        return "This model's maximum context length is " + tooLong.contextWindow() + " tokens. However, your messages resulted in "
                + tooLong.promptTokens() + " tokens. Please reduce the length of the messages.";
    }

    /** Splits text the way models stream it: each word with the space before it. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                words.add(text.substring(start, i));
                start = i;
            }
        }
        return words;
    }

    private static ObjectNode usage() {
        ObjectNode usage = Json.NODES.objectNode();
        usage.put("prompt_tokens", PROMPT_TOKENS);
        usage.put("completion_tokens", COMPLETION_TOKENS);
        usage.put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
        return usage;
    }

    private static ObjectNode envelope(String object, String model) {
        ObjectNode body = Json.NODES.objectNode();
        body.put("id", ID);
        body.put("object", object);
        body.put("created", CREATED);
        body.put("model", model);
        body.put("system_fingerprint", "fp_fake");
        return body;
    }

    private static ObjectNode chunk(String model) {
        ObjectNode chunk = envelope("chat.completion.chunk", model);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return chunk;
    }

    private static ObjectNode finish(String model, String reason) {
        ObjectNode chunk = chunk(model);
        ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason", reason);
        return chunk;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.get("choices").get(0).get("delta");
    }

    private static List<String> fragments(String text, int size) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            pieces.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return pieces;
    }
}

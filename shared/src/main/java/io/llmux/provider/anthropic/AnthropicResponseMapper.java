package io.llmux.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.provider.ChatCompletion;
import io.llmux.provider.openai.OpenAiUsage;

/**
 * Turns a whole Messages API answer into an OpenAI chat completion: text blocks joined into
 * {@code content}, {@code tool_use} blocks into {@code tool_calls} (input re-encoded as the JSON
 * string OpenAI clients parse), and {@code stop_reason} into {@code finish_reason}.
 *
 * <p>Thinking: OpenAI's chat format has no field for reasoning text, so it goes where DeepSeek,
 * vLLM and LiteLLM put it, {@code message.reasoning_content} (thinking blocks joined). The blocks
 * themselves, signatures included, are kept in {@code message.thinking_blocks} (LiteLLM's name):
 * a client that sends that message back gets them passed to Anthropic again, which Anthropic
 * requires when thinking and tool use combine. Redacted thinking appears only there.
 */
final class AnthropicResponseMapper {

    private final AnthropicErrorMapper errors;

    AnthropicResponseMapper(AnthropicErrorMapper errors) {
        this.errors = errors;
    }

    /** OpenAI's finish_reason for Anthropic's stop_reason. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            // end_turn, stop_sequence, pause_turn (a server tool paused the turn: the text so far is the answer)
            default -> "stop";
        };
    }

    ChatCompletion completion(JsonNode message) {
        if (!(message instanceof ObjectNode) || !message.path("content").isArray()) {
            throw errors.upstream().malformed();
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = null;
        ArrayNode toolCalls = null;
        ArrayNode thinkingBlocks = null;
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText(""));
                case "tool_use" -> {
                    if (toolCalls == null) {
                        toolCalls = Json.NODES.arrayNode();
                    }
                    ObjectNode call = toolCalls.addObject().put("id", block.path("id").asText()).put("type", "function");
                    call.putObject("function").put("name", block.path("name").asText())
                            .put("arguments", json(block.get("input")));
                }
                case "thinking", "redacted_thinking" -> {
                    if (thinkingBlocks == null) {
                        thinkingBlocks = Json.NODES.arrayNode();
                        reasoning = new StringBuilder();
                    }
                    thinkingBlocks.add(block);
                    reasoning.append(block.path("thinking").asText(""));
                }
                default -> {
                    // server tool blocks (web search ...) have no OpenAI counterpart
                }
            }
        }
        ObjectNode body = Json.NODES.objectNode();
        body.put("id", message.path("id").asText("msg_unknown"));
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", message.path("model").asText());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode out = choice.putObject("message");
        out.put("role", "assistant");
        if (text.isEmpty() && toolCalls != null) {
            out.putNull("content");
        } else {
            out.put("content", text.toString());
        }
        out.putNull("refusal");
        if (toolCalls != null) {
            out.set("tool_calls", toolCalls);
        }
        if (thinkingBlocks != null) {
            out.put("reasoning_content", reasoning.toString());
            out.set("thinking_blocks", thinkingBlocks);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(message.path("stop_reason").textValue()));
        if (!message.path("usage").isObject()) {
            return new ChatCompletion(body, null);  // the pipeline counts locally
        }
        body.set("usage", new AnthropicUsage().update(message.get("usage")).toOpenAi());
        return new ChatCompletion(body, OpenAiUsage.of(body));
    }

    private static String json(JsonNode input) {
        try {
            return Json.MAPPER.writeValueAsString(input == null || input.isNull() ? Json.NODES.objectNode() : input);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

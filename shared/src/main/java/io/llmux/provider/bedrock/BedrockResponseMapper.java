package io.llmux.provider.bedrock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.provider.ChatCompletion;
import java.util.UUID;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/**
 * Turns a Converse response into OpenAI's CreateChatCompletionResponse: text blocks joined into
 * {@code content}, toolUse blocks into {@code tool_calls} (their input Document as an arguments
 * JSON string), the stop reason into {@code finish_reason}, and the token usage. Reasoning blocks
 * are not relayed: OpenAI's chat format has no field for them.
 */
final class BedrockResponseMapper {

    ChatCompletion completion(ConverseResponse response, String model) {
        ObjectNode body = Json.NODES.objectNode();
        body.put("id", completionId(response.responseMetadata().requestId()));
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = null;
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                if (block.text() != null) {
                    text.append(block.text());
                } else if (block.toolUse() != null) {
                    if (calls == null) {
                        calls = Json.NODES.arrayNode();
                    }
                    ObjectNode call = calls.addObject();
                    call.put("id", block.toolUse().toolUseId());
                    call.put("type", "function");
                    call.putObject("function").put("name", block.toolUse().name())
                            .put("arguments", BedrockDocuments.toJsonText(block.toolUse().input()));
                }
            }
        }
        if (text.isEmpty() && calls != null) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        message.putNull("refusal");
        if (calls != null) {
            message.set("tool_calls", calls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(response.stopReason()));
        if (response.usage() != null) {
            body.set("usage", BedrockUsage.node(response.usage()));
        }
        return new ChatCompletion(body, BedrockUsage.of(response.usage()));
    }

    /** Converse's stop reasons in OpenAI's terms; one with no counterpart (malformed output) is a plain stop. */
    static String finishReason(StopReason reason) {
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> "length";
            case TOOL_USE -> "tool_calls";
            case GUARDRAIL_INTERVENED, CONTENT_FILTERED -> "content_filter";
            default -> "stop";
        };
    }

    /** The AWS request id makes the completion id, so a client's id leads to Bedrock's logs. */
    static String completionId(String requestId) {
        return "chatcmpl-" + (requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId);
    }
}

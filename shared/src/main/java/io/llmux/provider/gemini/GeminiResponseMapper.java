package io.llmux.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;

/**
 * A Gemini {@code GenerateContentResponse} as an OpenAI chat completion: one choice per
 * candidate, text parts joined into the content (thought summaries left out: OpenAI's chat format
 * has no place for them), function calls as tool calls, finishReason and usage mapped.
 *
 * <p>Gemini gives function calls no id (or, on newer models, sometimes one); OpenAI clients need
 * one to answer the call, so a missing id is made up as {@code call_<index>}: stable, so a cached
 * or replayed answer is the same, and enough for {@link GeminiRequestMapper}, which finds a tool
 * result's function by the nearest earlier call with that id.
 *
 * <p>A prompt Gemini blocked ({@code promptFeedback.blockReason}, no candidates) is answered as
 * OpenAI reports filtered output: a 200 with empty content and {@code finish_reason:
 * content_filter}. Not a 400, because a stream has already answered 200 by the time Gemini says
 * so, and the two modes should agree.
 */
final class GeminiResponseMapper {

    private GeminiResponseMapper() {
    }

    static ObjectNode completion(JsonNode response, String upstreamModel, String id, long created) {
        ObjectNode body = Json.NODES.objectNode();
        body.put("id", id);
        body.put("object", "chat.completion");
        body.put("created", created);
        body.put("model", response.path("modelVersion").asText(upstreamModel));
        ArrayNode choices = body.putArray("choices");
        JsonNode candidates = response.path("candidates");
        if (candidates.isEmpty()) {
            ObjectNode choice = choice(choices, 0);
            message(choice).put("content", "");
            choice.put("finish_reason", response.path("promptFeedback").has("blockReason")
                    ? GeminiFinishReason.CONTENT_FILTER : "stop");
        }
        for (int c = 0; c < candidates.size(); c++) {
            JsonNode candidate = candidates.get(c);
            ObjectNode choice = choice(choices, candidate.path("index").asInt(c));
            ObjectNode message = message(choice);
            StringBuilder text = new StringBuilder();
            ArrayNode toolCalls = null;
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.path("thought").asBoolean(false)) {
                    continue;
                }
                if (part.has("text")) {
                    text.append(part.path("text").asText());
                } else if (part.has("functionCall")) {
                    if (toolCalls == null) {
                        toolCalls = Json.NODES.arrayNode();
                    }
                    toolCalls.add(toolCall(part.get("functionCall"), toolCalls.size()));
                }
            }
            if (toolCalls != null && text.isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", text.toString());
            }
            if (toolCalls != null) {
                message.set("tool_calls", toolCalls);
            }
            choice.put("finish_reason", GeminiFinishReason.toOpenAi(candidate.path("finishReason").asText("STOP"), toolCalls != null));
        }
        ObjectNode usage = GeminiUsage.of(response.get("usageMetadata"));
        if (usage != null) {
            body.set("usage", usage);
        }
        return body;
    }

    /** One function call as an OpenAI tool call; the arguments become a JSON string. */
    static ObjectNode toolCall(JsonNode functionCall, int index) {
        ObjectNode call = Json.NODES.objectNode();
        call.put("id", functionCall.hasNonNull("id") ? functionCall.get("id").asText() : "call_" + index);
        call.put("type", "function");
        JsonNode args = functionCall.get("args");
        call.putObject("function").put("name", functionCall.path("name").asText())
                .put("arguments", args == null || args.isNull() ? "{}" : args.toString());
        return call;
    }

    private static ObjectNode choice(ArrayNode choices, int index) {
        ObjectNode choice = choices.addObject();
        choice.put("index", index);
        choice.putNull("logprobs");
        return choice;
    }

    private static ObjectNode message(ObjectNode choice) {
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.putNull("refusal");
        return message;
    }
}

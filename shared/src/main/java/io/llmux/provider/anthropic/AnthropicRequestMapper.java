package io.llmux.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.provider.ProviderCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a Messages API body from an OpenAI chat request. The body is built afresh rather than
 * passed through: Anthropic rejects fields it does not know, so only what has a meaning there is
 * sent, and what would be silently wrong there (n > 1, logprobs, JSON response formats,
 * temperature above 1) is refused here with a 400 that names the field.
 *
 * <ul>
 *   <li>system and developer messages, wherever they are, become the one {@code system} prompt
 *       (joined by blank lines);</li>
 *   <li>tool results become {@code tool_result} blocks of a user turn, and consecutive turns of
 *       one role are merged, since Anthropic wants user and assistant to alternate;</li>
 *   <li>images become {@code image} blocks (data URLs as base64, http(s) URLs as url sources), PDF
 *       data URLs in {@code file} parts {@code document} blocks;</li>
 *   <li>{@code max_tokens}, required by Anthropic, defaults to a configured value;</li>
 *   <li>{@code reasoning_effort} turns on extended thinking with a budget per effort, and an
 *       Anthropic-style {@code thinking} object is passed through as given;</li>
 *   <li>{@code cache_control} on content parts, messages and tools is kept (LiteLLM's convention),
 *       so clients can mark prompt-cache breakpoints;</li>
 *   <li>an assistant message's {@code thinking_blocks} (as this adapter returns them) are sent back
 *       first in its turn, which Anthropic requires when thinking and tool use combine.</li>
 * </ul>
 */
final class AnthropicRequestMapper {

    /** Thinking budgets per OpenAI reasoning effort; "minimal" and "none" turn thinking off. */
    static final Map<String, Integer> THINKING_BUDGETS = Map.of("low", 1024, "medium", 4096, "high", 16384);
    /** Anthropic's smallest thinking budget. */
    static final int MIN_THINKING_BUDGET = 1024;

    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private final String provider;
    private final int defaultMaxTokens;

    AnthropicRequestMapper(String provider, int defaultMaxTokens) {
        this.provider = provider;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    byte[] messages(ProviderCall call) {
        return write(body(call));
    }

    ObjectNode body(ProviderCall call) {
        ChatRequest request = call.request();
        ObjectNode raw = request.raw();
        refuseUnsupported(request);
        ObjectNode body = Json.NODES.objectNode();
        body.put("model", call.upstreamModel());
        outputLimitAndThinking(request, body);
        JsonNode system = system(raw.get("messages"));
        if (system != null) {
            body.set("system", system);
        }
        body.set("messages", turns(raw.get("messages")));
        stopSequences(raw.get("stop"), body);
        copyNumber(raw, "temperature", body);
        copyNumber(raw, "top_p", body);
        copyNumber(raw, "top_k", body);
        tools(request, body);
        String user = raw.path("user").textValue();
        if (user != null && !user.isEmpty()) {
            body.putObject("metadata").put("user_id", user);
        }
        if (request.stream()) {
            body.put("stream", true);
        }
        return body;
    }

    private void refuseUnsupported(ChatRequest request) {
        ObjectNode raw = request.raw();
        if (request.n() > 1) {
            throw unsupported("n", "Provider '" + provider + "' generates one choice per request; 'n' must be 1.");
        }
        if (raw.path("logprobs").asBoolean(false)) {
            throw unsupported("logprobs", "Provider '" + provider + "' does not return log probabilities.");
        }
        String format = request.responseFormatType();
        if ("json_object".equals(format) || "json_schema".equals(format)) {
            throw unsupported("response_format", "Provider '" + provider + "' has no JSON response mode; "
                    + "ask for JSON in the prompt, or declare a tool with the schema and require it with 'tool_choice'.");
        }
        JsonNode temperature = raw.get("temperature");
        if (temperature != null && temperature.isNumber() && temperature.doubleValue() > 1) {
            throw unsupported("temperature", "Invalid 'temperature': provider '" + provider + "' accepts 0 to 1.");
        }
    }

    /**
     * max_tokens is required by Anthropic and includes thinking. With thinking on, the budget must be
     * at least 1024 and below max_tokens: a client's limit is kept and the budget fitted under it; with
     * no limit, the budget is added to the default so that thinking does not eat the answer.
     */
    private void outputLimitAndThinking(ChatRequest request, ObjectNode body) {
        Integer clientMax = request.maxOutputTokens();
        JsonNode thinking = request.raw().get("thinking");
        String effort = request.raw().path("reasoning_effort").textValue();
        Integer budget = effort == null ? null : THINKING_BUDGETS.get(effort);
        if (thinking != null && thinking.isObject()) {
            body.set("thinking", thinking);
            long given = thinking.path("budget_tokens").asLong(0);
            body.put("max_tokens", clientMax != null ? clientMax : defaultMaxTokens + given);
            return;
        }
        if (budget == null) {
            body.put("max_tokens", clientMax != null ? clientMax : defaultMaxTokens);
            return;
        }
        int maxTokens = clientMax != null ? clientMax : defaultMaxTokens + budget;
        int fitted = Math.min(budget, maxTokens - 1);
        if (fitted < MIN_THINKING_BUDGET) {
            throw GatewayException.invalid("max_tokens", "Invalid 'max_tokens': with 'reasoning_effort', provider '"
                    + provider + "' needs more than " + MIN_THINKING_BUDGET + " output tokens (thinking counts against them).");
        }
        body.put("max_tokens", maxTokens);
        body.putObject("thinking").put("type", "enabled").put("budget_tokens", fitted);
    }

    /** The system and developer messages' text, or null; blocks (not a string) when one carries cache_control. */
    private static JsonNode system(JsonNode messages) {
        ArrayNode blocks = Json.NODES.arrayNode();
        boolean cacheMarked = false;
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            if (!"system".equals(role) && !"developer".equals(role)) {
                continue;
            }
            JsonNode content = message.get("content");
            if (content.isTextual()) {
                if (!content.textValue().isEmpty()) {
                    ObjectNode block = blocks.addObject().put("type", "text").put("text", content.textValue());
                    cacheMarked |= copyCacheControl(message, block);
                }
            } else {
                for (JsonNode part : content) {
                    String text = part.path("text").textValue();
                    if (text != null && !text.isEmpty()) {
                        ObjectNode block = blocks.addObject().put("type", "text").put("text", text);
                        cacheMarked |= copyCacheControl(part, block);
                    }
                }
            }
        }
        if (blocks.isEmpty()) {
            return null;
        }
        if (cacheMarked) {
            return blocks;
        }
        StringBuilder joined = new StringBuilder();
        for (JsonNode block : blocks) {
            if (!joined.isEmpty()) {
                joined.append("\n\n");
            }
            joined.append(block.path("text").textValue());
        }
        return Json.NODES.textNode(joined.toString());
    }

    /** The conversation as alternating user and assistant turns of content blocks. */
    private ArrayNode turns(JsonNode messages) {
        List<ObjectNode> turns = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String path = "messages[" + i + "]";
            String role = message.path("role").asText();
            ArrayNode blocks = Json.NODES.arrayNode();
            String anthropicRole = switch (role) {
                case "system", "developer" -> null;
                case "user" -> {
                    contentBlocks(message.get("content"), path + ".content", blocks);
                    yield "user";
                }
                case "assistant" -> {
                    assistantBlocks(message, path, blocks);
                    yield "assistant";
                }
                case "tool" -> {
                    blocks.add(toolResult(message, path));
                    yield "user";
                }
                default -> throw GatewayException.invalid(path + ".role", "Invalid '" + path + ".role': provider '"
                        + provider + "' does not take '" + role + "' messages; send tool results as 'tool' messages.");
            };
            if (anthropicRole == null || blocks.isEmpty()) {
                continue;
            }
            if (!message.path("cache_control").isMissingNode() && blocks.get(blocks.size() - 1) instanceof ObjectNode last) {
                copyCacheControl(message, last);
            }
            ObjectNode previous = turns.isEmpty() ? null : turns.getLast();
            if (previous != null && previous.path("role").asText().equals(anthropicRole)) {
                ((ArrayNode) previous.get("content")).addAll(blocks);
            } else {
                ObjectNode turn = Json.NODES.objectNode().put("role", anthropicRole);
                turn.set("content", blocks);
                turns.add(turn);
            }
        }
        if (turns.isEmpty()) {
            throw GatewayException.invalid("messages", "Invalid 'messages': provider '" + provider
                    + "' needs at least one user or assistant message besides the system prompt.");
        }
        ArrayNode array = Json.NODES.arrayNode(turns.size());
        array.addAll(turns);
        return array;
    }

    private void assistantBlocks(JsonNode message, String path, ArrayNode blocks) {
        for (JsonNode thinking : message.path("thinking_blocks")) {
            String type = thinking.path("type").asText();
            if ("thinking".equals(type) || "redacted_thinking".equals(type)) {
                blocks.add(thinking);
            }
        }
        JsonNode content = message.get("content");
        if (content != null && !content.isNull()) {
            contentBlocks(content, path + ".content", blocks);
        }
        JsonNode calls = message.get("tool_calls");
        if (calls == null) {
            return;
        }
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            String callPath = path + ".tool_calls[" + j + "]";
            String id = call.path("id").textValue();
            String name = call.path("function").path("name").textValue();
            if (id == null || id.isEmpty()) {
                throw GatewayException.invalid(callPath + ".id", "Missing required parameter: '" + callPath + ".id'.");
            }
            if (name == null || name.isEmpty()) {
                throw GatewayException.invalid(callPath + ".function.name", "Missing required parameter: '" + callPath + ".function.name'.");
            }
            ObjectNode use = blocks.addObject().put("type", "tool_use").put("id", id).put("name", name);
            use.set("input", arguments(call.path("function").get("arguments"), callPath + ".function.arguments"));
        }
    }

    /** A call's arguments (a JSON string in OpenAI's format) as the object Anthropic wants. */
    private static JsonNode arguments(JsonNode arguments, String path) {
        if (arguments == null || arguments.isNull() || (arguments.isTextual() && arguments.textValue().isBlank())) {
            return Json.NODES.objectNode();
        }
        if (arguments.isObject()) {
            return arguments;
        }
        if (arguments.isTextual()) {
            try {
                JsonNode parsed = Json.MAPPER.readTree(arguments.textValue());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (JsonProcessingException notJson) {
                // reported below
            }
        }
        throw GatewayException.invalid(path, "Invalid '" + path + "': expected a JSON object encoded as a string.");
    }

    private ObjectNode toolResult(JsonNode message, String path) {
        ObjectNode result = Json.NODES.objectNode().put("type", "tool_result")
                .put("tool_use_id", message.path("tool_call_id").textValue());
        JsonNode content = message.get("content");
        if (content.isTextual()) {
            if (!content.textValue().isEmpty()) {
                result.put("content", content.textValue());
            }
        } else {
            ArrayNode blocks = Json.NODES.arrayNode();
            contentBlocks(content, path + ".content", blocks);
            if (!blocks.isEmpty()) {
                result.set("content", blocks);
            }
        }
        return result;
    }

    /** A message's content (a string or parts) as text, image and document blocks, in order. Empty text is dropped: Anthropic rejects it. */
    private void contentBlocks(JsonNode content, String path, ArrayNode blocks) {
        if (content.isTextual()) {
            if (!content.textValue().isEmpty()) {
                blocks.addObject().put("type", "text").put("text", content.textValue());
            }
            return;
        }
        for (int k = 0; k < content.size(); k++) {
            JsonNode part = content.get(k);
            String partPath = path + "[" + k + "]";
            String type = part.path("type").asText();
            ObjectNode block = switch (type) {
                case "text", "refusal" -> {
                    String text = part.path(type).textValue();
                    yield text == null || text.isEmpty() ? null : Json.NODES.objectNode().put("type", "text").put("text", text);
                }
                case "image_url" -> image(part.path("image_url").path("url").asText(), partPath + ".image_url.url");
                case "file" -> document(part.path("file"), partPath + ".file");
                default -> throw GatewayException.invalid(partPath + ".type", "Invalid '" + partPath + ".type': provider '"
                        + provider + "' does not take '" + type + "' content.");
            };
            if (block != null) {
                copyCacheControl(part, block);
                blocks.add(block);
            }
        }
    }

    private ObjectNode image(String url, String path) {
        ObjectNode block = Json.NODES.objectNode().put("type", "image");
        if (url.startsWith("data:")) {
            DataUrl data = DataUrl.parse(url, path);
            if (!IMAGE_TYPES.contains(data.mediaType())) {
                throw GatewayException.invalid(path, "Invalid '" + path + "': provider '" + provider
                        + "' takes JPEG, PNG, GIF and WebP images, not " + data.mediaType() + ".");
            }
            block.putObject("source").put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
        } else {
            block.putObject("source").put("type", "url").put("url", url);
        }
        return block;
    }

    private ObjectNode document(JsonNode file, String path) {
        String data = file.path("file_data").textValue();
        if (data == null || !data.startsWith("data:")) {
            throw GatewayException.invalid(path + ".file_data", "Invalid '" + path + "': provider '" + provider
                    + "' takes files as 'file_data' data URLs (PDF), not by 'file_id'.");
        }
        DataUrl url = DataUrl.parse(data, path + ".file_data");
        if (!"application/pdf".equals(url.mediaType())) {
            throw GatewayException.invalid(path + ".file_data", "Invalid '" + path + ".file_data': provider '" + provider
                    + "' takes PDF files only, not " + url.mediaType() + ".");
        }
        ObjectNode block = Json.NODES.objectNode().put("type", "document");
        block.putObject("source").put("type", "base64").put("media_type", url.mediaType()).put("data", url.base64());
        return block;
    }

    /** A {@code data:MEDIA;base64,DATA} URL, split; the data is not decoded (Anthropic does that). */
    record DataUrl(String mediaType, String base64) {

        private static final String BASE64 = ";base64,";

        static DataUrl parse(String url, String path) {
            int marker = url.indexOf(BASE64);
            if (marker < 0) {
                throw GatewayException.invalid(path, "Invalid '" + path + "': expected a base64 data URL (data:TYPE;base64,DATA).");
            }
            String mediaType = url.substring("data:".length(), marker).trim().toLowerCase(java.util.Locale.ROOT);
            String data = url.substring(marker + BASE64.length());
            if (mediaType.isEmpty() || data.isEmpty()) {
                throw GatewayException.invalid(path, "Invalid '" + path + "': the data URL has no media type or no data.");
            }
            return new DataUrl(mediaType, data);
        }
    }

    private void tools(ChatRequest request, ObjectNode body) {
        JsonNode tools = request.tools();
        JsonNode choice = request.toolChoice();
        boolean noParallel = request.raw().path("parallel_tool_calls").isBoolean()
                && !request.raw().path("parallel_tool_calls").booleanValue();
        if (tools == null || tools.isEmpty()) {
            return;
        }
        ArrayNode declared = body.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw GatewayException.invalid("tools[" + i + "].type", "Invalid 'tools[" + i + "].type': provider '"
                        + provider + "' takes function tools only.");
            }
            JsonNode function = tool.get("function");
            ObjectNode out = declared.addObject().put("name", function.path("name").textValue());
            String description = function.path("description").textValue();
            if (description != null) {
                out.put("description", description);
            }
            JsonNode parameters = function.get("parameters");
            out.set("input_schema", parameters != null && parameters.isObject() ? parameters
                    : Json.NODES.objectNode().put("type", "object").set("properties", Json.NODES.objectNode()));
            copyCacheControl(tool, out);
        }
        ObjectNode anthropicChoice = null;
        if (choice != null && choice.isTextual()) {
            anthropicChoice = Json.NODES.objectNode().put("type", switch (choice.textValue()) {
                case "required" -> "any";
                case "none" -> "none";
                default -> "auto";
            });
        } else if (choice != null && choice.isObject()) {
            if (!"function".equals(choice.path("type").asText())) {
                throw unsupported("tool_choice.type", "Invalid 'tool_choice.type': provider '" + provider
                        + "' takes 'auto', 'none', 'required' or a named function.");
            }
            anthropicChoice = Json.NODES.objectNode().put("type", "tool")
                    .put("name", choice.path("function").path("name").asText());
        } else if (noParallel) {
            anthropicChoice = Json.NODES.objectNode().put("type", "auto");
        }
        if (anthropicChoice != null) {
            if (noParallel && !"none".equals(anthropicChoice.path("type").asText())) {
                anthropicChoice.put("disable_parallel_tool_use", true);
            }
            body.set("tool_choice", anthropicChoice);
        }
    }

    private static void stopSequences(JsonNode stop, ObjectNode body) {
        if (stop == null || stop.isNull()) {
            return;
        }
        ArrayNode sequences = Json.NODES.arrayNode();
        if (stop.isTextual()) {
            sequences.add(stop.textValue());
        } else {
            stop.forEach(sequences::add);
        }
        if (!sequences.isEmpty()) {
            body.set("stop_sequences", sequences);
        }
    }

    private static void copyNumber(ObjectNode from, String field, ObjectNode to) {
        JsonNode value = from.get(field);
        if (value != null && value.isNumber()) {
            to.set(field, value);
        }
    }

    private static boolean copyCacheControl(JsonNode from, ObjectNode to) {
        JsonNode cacheControl = from.get("cache_control");
        if (cacheControl != null && cacheControl.isObject()) {
            to.set("cache_control", cacheControl);
            return true;
        }
        return false;
    }

    private GatewayException unsupported(String param, String message) {
        return new GatewayException(io.llmux.error.ErrorType.INVALID_REQUEST, message, param, "unsupported_parameter", null);
    }

    private static byte[] write(ObjectNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

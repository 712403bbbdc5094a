package io.llmux.openai;

import static io.llmux.openai.FieldReader.absent;
import static io.llmux.openai.FieldReader.optionalBoolean;
import static io.llmux.openai.FieldReader.optionalInt;
import static io.llmux.openai.FieldReader.optionalNumber;
import static io.llmux.openai.FieldReader.optionalString;
import static io.llmux.openai.FieldReader.requiredString;
import static io.llmux.openai.FieldReader.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a chat completion body against the rules of OpenAI's CreateChatCompletionRequest that
 * a provider would otherwise reject late (or, worse, accept and misbehave on), and builds the typed
 * {@link ChatRequest}. Fields it does not know are left alone: they pass through to providers.
 */
public final class ChatRequestParser {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");
    private static final Pattern FUNCTION_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    private static final int MAX_STOP_SEQUENCES = 4;

    private ChatRequestParser() {
    }

    public static ChatRequest parse(byte[] body) {
        return parse(JsonBodyReader.readObject(body));
    }

    public static ChatRequest parse(ObjectNode body) {
        String model = requiredString(body, "model", "model");
        if (model.isBlank()) {
            throw GatewayException.invalid("model", "Invalid 'model': the model name is empty.");
        }
        List<ChatMessage> messages = messages(body);
        boolean stream = optionalBoolean(body, "stream", "stream");
        boolean includeUsage = streamOptions(body, stream);
        Integer maxCompletionTokens = optionalInt(body, "max_completion_tokens", 1, Integer.MAX_VALUE);
        Integer maxTokens = optionalInt(body, "max_tokens", 1, Integer.MAX_VALUE);
        Integer n = optionalInt(body, "n", 1, 128);
        optionalNumber(body, "temperature", 0, 2);
        optionalNumber(body, "top_p", 0, 1);
        optionalNumber(body, "presence_penalty", -2, 2);
        optionalNumber(body, "frequency_penalty", -2, 2);
        optionalInt(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
        optionalString(body, "user", "user");
        stop(body);
        JsonNode tools = tools(body);
        toolChoice(body, tools);
        responseFormat(body);
        return new ChatRequest(model, messages, stream, includeUsage,
                maxCompletionTokens != null ? maxCompletionTokens : maxTokens,
                n == null ? 1 : n, tools, body);
    }

    private static List<ChatMessage> messages(ObjectNode body) {
        JsonNode node = body.get("messages");
        if (absent(node)) {
            throw GatewayException.invalid("messages", "Missing required parameter: 'messages'.");
        }
        if (!node.isArray()) {
            throw wrongType("messages", "an array", node);
        }
        if (node.isEmpty()) {
            throw GatewayException.invalid("messages", "Invalid 'messages': empty array. Expected an array with minimum length 1.");
        }
        List<ChatMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            messages.add(message(node.get(i), "messages[" + i + "]"));
        }
        return messages;
    }

    private static ChatMessage message(JsonNode node, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "an object", node);
        }
        String role = requiredString(node, "role", path + ".role");
        if (!ROLES.contains(role)) {
            throw GatewayException.invalid(path + ".role", "Invalid value for '" + path + ".role': '" + role
                    + "'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.");
        }
        String name = optionalString(node, "name", path + ".name");
        JsonNode toolCalls = node.get("tool_calls");
        if (!absent(toolCalls)) {
            if (!"assistant".equals(role)) {
                throw GatewayException.invalid(path + ".tool_calls", "Only assistant messages may carry 'tool_calls'.");
            }
            if (!toolCalls.isArray()) {
                throw wrongType(path + ".tool_calls", "an array", toolCalls);
            }
        } else {
            toolCalls = null;
        }
        String toolCallId = optionalString(node, "tool_call_id", path + ".tool_call_id");
        if ("tool".equals(role) && toolCallId == null) {
            throw GatewayException.invalid(path + ".tool_call_id", "Missing required parameter: '" + path + ".tool_call_id'.");
        }
        StringBuilder text = new StringBuilder();
        List<ChatMessage.ImagePart> images = List.of();
        JsonNode content = node.get("content");
        String contentPath = path + ".content";
        if (absent(content)) {
            boolean contentOptional = "assistant".equals(role);
            if (!contentOptional) {
                throw GatewayException.invalid(contentPath, "Missing required parameter: '" + contentPath + "'.");
            }
        } else if (content.isTextual()) {
            text.append(content.textValue());
        } else if (content.isArray()) {
            if (content.isEmpty()) {
                throw GatewayException.invalid(contentPath, "Invalid '" + contentPath
                        + "': empty array. Expected an array with minimum length 1, or a string.");
            }
            images = contentParts(content, contentPath, text);
        } else {
            throw wrongType(contentPath, "a string or an array of content parts", content);
        }
        return new ChatMessage(role, name, text.toString(), images, toolCalls, toolCallId);
    }

    private static List<ChatMessage.ImagePart> contentParts(JsonNode parts, String path, StringBuilder text) {
        List<ChatMessage.ImagePart> images = new ArrayList<>(0);
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            String partPath = path + "[" + i + "]";
            if (!part.isObject()) {
                throw wrongType(partPath, "an object", part);
            }
            String type = requiredString(part, "type", partPath + ".type");
            switch (type) {
                case "text", "refusal" -> {
                    String field = type;
                    String value = requiredString(part, field, partPath + "." + field);
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(value);
                }
                case "image_url" -> {
                    JsonNode image = part.get("image_url");
                    if (absent(image)) {
                        throw GatewayException.invalid(partPath + ".image_url", "Missing required parameter: '" + partPath + ".image_url'.");
                    }
                    if (!image.isObject()) {
                        throw wrongType(partPath + ".image_url", "an object", image);
                    }
                    String url = requiredString(image, "url", partPath + ".image_url.url");
                    if (!(url.startsWith("https://") || url.startsWith("http://") || url.startsWith("data:image/"))) {
                        throw GatewayException.invalid(partPath + ".image_url.url",
                                "Invalid '" + partPath + ".image_url.url': expected an http(s) URL or a data:image/ URL.");
                    }
                    String detail = optionalString(image, "detail", partPath + ".image_url.detail");
                    if (detail != null && !Set.of("auto", "low", "high").contains(detail)) {
                        throw GatewayException.invalid(partPath + ".image_url.detail",
                                "Invalid '" + partPath + ".image_url.detail': expected 'auto', 'low' or 'high'.");
                    }
                    images.add(new ChatMessage.ImagePart(url, detail == null ? "auto" : detail));
                }
                case "input_audio", "file" -> {
                    if (!part.path(type).isObject()) {
                        throw GatewayException.invalid(partPath + "." + type, "Missing required parameter: '" + partPath + "." + type + "'.");
                    }
                }
                default -> throw GatewayException.invalid(partPath + ".type", "Invalid value for '" + partPath
                        + ".type': '" + type + "'. Supported values are: 'text', 'image_url', 'input_audio', 'file' and 'refusal'.");
            }
        }
        return images;
    }

    private static boolean streamOptions(ObjectNode body, boolean stream) {
        JsonNode options = body.get("stream_options");
        if (absent(options)) {
            return false;
        }
        if (!options.isObject()) {
            throw wrongType("stream_options", "an object", options);
        }
        if (!stream) {
            throw GatewayException.invalid("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        }
        return optionalBoolean(options, "include_usage", "stream_options.include_usage");
    }

    private static void stop(ObjectNode body) {
        JsonNode stop = body.get("stop");
        if (absent(stop) || stop.isTextual()) {
            return;
        }
        if (!stop.isArray()) {
            throw wrongType("stop", "a string or an array of strings", stop);
        }
        if (stop.size() > MAX_STOP_SEQUENCES) {
            throw GatewayException.invalid("stop", "Invalid 'stop': at most " + MAX_STOP_SEQUENCES + " stop sequences are allowed.");
        }
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw wrongType("stop[" + i + "]", "a string", stop.get(i));
            }
        }
    }

    private static JsonNode tools(ObjectNode body) {
        JsonNode tools = body.get("tools");
        if (absent(tools)) {
            return null;
        }
        if (!tools.isArray()) {
            throw wrongType("tools", "an array", tools);
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String path = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw wrongType(path, "an object", tool);
            }
            String type = requiredString(tool, "type", path + ".type");
            if (!"function".equals(type) && !"custom".equals(type)) {
                throw GatewayException.invalid(path + ".type", "Invalid value for '" + path + ".type': '" + type
                        + "'. Supported values are: 'function' and 'custom'.");
            }
            JsonNode function = tool.get(type);
            if (absent(function) || !function.isObject()) {
                throw GatewayException.invalid(path + "." + type, "Missing required parameter: '" + path + "." + type + "'.");
            }
            String name = requiredString(function, "name", path + "." + type + ".name");
            if (!FUNCTION_NAME.matcher(name).matches()) {
                throw GatewayException.invalid(path + "." + type + ".name", "Invalid '" + path + "." + type
                        + ".name': must match ^[a-zA-Z0-9_-]{1,64}$.");
            }
            JsonNode parameters = function.get("parameters");
            if (!absent(parameters) && !parameters.isObject()) {
                throw wrongType(path + "." + type + ".parameters", "an object", parameters);
            }
        }
        return tools;
    }

    private static void toolChoice(ObjectNode body, JsonNode tools) {
        JsonNode choice = body.get("tool_choice");
        if (absent(choice)) {
            return;
        }
        if (choice.isTextual()) {
            if (!TOOL_CHOICES.contains(choice.textValue())) {
                throw GatewayException.invalid("tool_choice", "Invalid value for 'tool_choice': '" + choice.textValue()
                        + "'. Supported values are: 'none', 'auto' and 'required', or an object naming a function.");
            }
        } else if (choice.isObject()) {
            String type = requiredString(choice, "type", "tool_choice.type");
            if ("function".equals(type)) {
                if (!choice.path("function").isObject()) {
                    throw GatewayException.invalid("tool_choice.function", "Missing required parameter: 'tool_choice.function'.");
                }
                String name = requiredString(choice.get("function"), "name", "tool_choice.function.name");
                if (tools != null && !offersFunction(tools, name)) {
                    throw GatewayException.invalid("tool_choice.function.name", "Invalid value for 'tool_choice.function.name': '"
                            + name + "' is not one of the functions in 'tools'.");
                }
            }
        } else {
            throw wrongType("tool_choice", "a string or an object", choice);
        }
        if (tools == null && !(choice.isTextual() && "none".equals(choice.textValue()))) {
            throw GatewayException.invalid("tool_choice", "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.");
        }
    }

    private static boolean offersFunction(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (name.equals(tool.path("function").path("name").textValue())) {
                return true;
            }
        }
        return false;
    }

    private static void responseFormat(ObjectNode body) {
        JsonNode format = body.get("response_format");
        if (absent(format)) {
            return;
        }
        if (!format.isObject()) {
            throw wrongType("response_format", "an object", format);
        }
        String type = requiredString(format, "type", "response_format.type");
        if (!RESPONSE_FORMATS.contains(type)) {
            throw GatewayException.invalid("response_format.type", "Invalid value for 'response_format.type': '" + type
                    + "'. Supported values are: 'text', 'json_object' and 'json_schema'.");
        }
        if ("json_schema".equals(type)) {
            JsonNode schema = format.get("json_schema");
            if (absent(schema) || !schema.isObject()) {
                throw GatewayException.invalid("response_format.json_schema", "Missing required parameter: 'response_format.json_schema'.");
            }
            requiredString(schema, "name", "response_format.json_schema.name");
        }
    }
}

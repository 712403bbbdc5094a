package io.llmux.anthropic;

import static io.llmux.anthropic.AnthropicFields.absent;
import static io.llmux.anthropic.AnthropicFields.invalid;
import static io.llmux.anthropic.AnthropicFields.missing;
import static io.llmux.anthropic.AnthropicFields.object;
import static io.llmux.anthropic.AnthropicFields.optionalBoolean;
import static io.llmux.anthropic.AnthropicFields.optionalString;
import static io.llmux.anthropic.AnthropicFields.required;
import static io.llmux.anthropic.AnthropicFields.requiredString;
import static io.llmux.anthropic.AnthropicFields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import java.util.Set;

/**
 * Translates Anthropic's {@code system} and {@code messages} into OpenAI chat messages, validating
 * each content block on the way:
 * <ul>
 *   <li>{@code system} (a string or text blocks) becomes the leading system message;</li>
 *   <li>a user turn's {@code tool_result} blocks become {@code tool} messages (OpenAI wants them
 *       right after the assistant's call, which is where Anthropic puts them: first in the next
 *       user turn), and its other blocks a user message after them;</li>
 *   <li>an assistant turn's {@code tool_use} blocks become {@code tool_calls}, its text the content;
 *       its {@code thinking} and {@code redacted_thinking} blocks are dropped, since OpenAI's API
 *       takes no reasoning back in a request;</li>
 *   <li>images (base64 or URL) become {@code image_url} parts, PDF documents {@code file} parts.</li>
 * </ul>
 * {@code cache_control} and {@code citations} are accepted anywhere and not forwarded.
 */
final class AnthropicMessageMapper {

    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private AnthropicMessageMapper() {
    }

    static ArrayNode map(JsonNode system, JsonNode messages) {
        ArrayNode out = Json.NODES.arrayNode();
        if (!absent(system)) {
            String text = system(system);
            if (!text.isEmpty()) {
                out.addObject().put("role", "system").put("content", text);
            }
        }
        if (absent(messages)) {
            throw missing("messages");
        }
        AnthropicFields.array(messages, "messages");
        if (messages.isEmpty()) {
            throw invalid("messages", "List should have at least 1 item.");
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages." + i, out);
        }
        return out;
    }

    private static String system(JsonNode system) {
        if (system.isTextual()) {
            return system.textValue();
        }
        if (!system.isArray()) {
            throw wrongType("system", "a string or a list of text blocks", system);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < system.size(); i++) {
            String path = "system." + i;
            JsonNode block = object(system.get(i), path);
            String type = requiredString(block, "type", path + ".type");
            if (!"text".equals(type)) {
                throw invalid(path + ".type", "Input should be 'text', but got '" + type + "'.");
            }
            appendLine(text, requiredString(block, "text", path + ".text"));
        }
        return text.toString();
    }

    private static void message(JsonNode node, String path, ArrayNode out) {
        object(node, path);
        String role = requiredString(node, "role", path + ".role");
        JsonNode content = required(node, "content", path + ".content");
        switch (role) {
            case "user" -> user(content, path + ".content", out);
            case "assistant" -> assistant(content, path + ".content", out);
            default -> throw invalid(path + ".role", "Input should be 'user' or 'assistant', but got '" + role + "'.");
        }
    }

    private static void user(JsonNode content, String path, ArrayNode out) {
        if (content.isTextual()) {
            out.addObject().put("role", "user").put("content", content.textValue());
            return;
        }
        JsonNode blocks = blocks(content, path);
        ArrayNode parts = Json.NODES.arrayNode();
        for (int i = 0; i < blocks.size(); i++) {
            String blockPath = path + "." + i;
            JsonNode block = object(blocks.get(i), blockPath);
            String type = requiredString(block, "type", blockPath + ".type");
            switch (type) {
                case "text" -> parts.addObject().put("type", "text").put("text", requiredString(block, "text", blockPath + ".text"));
                case "image" -> parts.add(image(block, blockPath));
                case "document" -> parts.add(document(block, blockPath));
                case "tool_result" -> toolResult(block, blockPath, out, parts);
                default -> throw unsupportedBlock(blockPath, type, "'text', 'image', 'document' and 'tool_result'");
            }
        }
        if (!parts.isEmpty()) {
            ObjectNode message = out.addObject().put("role", "user");
            if (parts.size() == 1 && "text".equals(parts.get(0).path("type").textValue())) {
                // A single text part as a plain string: every OpenAI-compatible server takes that.
                message.set("content", parts.get(0).get("text"));
            } else {
                message.set("content", parts);
            }
        }
    }

    private static void assistant(JsonNode content, String path, ArrayNode out) {
        ObjectNode message = Json.NODES.objectNode().put("role", "assistant");
        if (content.isTextual()) {
            out.add(message.put("content", content.textValue()));
            return;
        }
        JsonNode blocks = blocks(content, path);
        StringBuilder text = new StringBuilder();
        ArrayNode calls = null;
        for (int i = 0; i < blocks.size(); i++) {
            String blockPath = path + "." + i;
            JsonNode block = object(blocks.get(i), blockPath);
            String type = requiredString(block, "type", blockPath + ".type");
            switch (type) {
                case "text" -> text.append(requiredString(block, "text", blockPath + ".text"));
                case "tool_use" -> {
                    if (calls == null) {
                        calls = Json.NODES.arrayNode();
                    }
                    calls.add(toolUse(block, blockPath));
                }
                case "thinking" -> requiredString(block, "thinking", blockPath + ".thinking");
                case "redacted_thinking" -> requiredString(block, "data", blockPath + ".data");
                default -> throw unsupportedBlock(blockPath, type, "'text', 'tool_use', 'thinking' and 'redacted_thinking'");
            }
        }
        if (calls != null) {
            if (text.isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", text.toString());
            }
            message.set("tool_calls", calls);
        } else {
            message.put("content", text.toString());
        }
        out.add(message);
    }

    private static JsonNode blocks(JsonNode content, String path) {
        if (!content.isArray()) {
            throw wrongType(path, "a string or a list of content blocks", content);
        }
        if (content.isEmpty()) {
            throw invalid(path, "List should have at least 1 item.");
        }
        return content;
    }

    private static ObjectNode toolUse(JsonNode block, String path) {
        String id = requiredString(block, "id", path + ".id");
        String name = requiredString(block, "name", path + ".name");
        JsonNode input = required(block, "input", path + ".input");
        if (!input.isObject()) {
            throw wrongType(path + ".input", "an object", input);
        }
        ObjectNode call = Json.NODES.objectNode();
        call.put("id", id);
        call.put("type", "function");
        call.putObject("function").put("name", name).put("arguments", input.toString());
        return call;
    }

    /**
     * A tool result as an OpenAI {@code tool} message. OpenAI's tool messages carry text only, so
     * images in a result travel in the user message that follows; an error result is marked in its
     * text, since OpenAI has no {@code is_error}, so that the model still learns the call failed.
     */
    private static void toolResult(JsonNode block, String path, ArrayNode out, ArrayNode userParts) {
        String id = requiredString(block, "tool_use_id", path + ".tool_use_id");
        boolean error = optionalBoolean(block, "is_error", path + ".is_error");
        JsonNode content = block.get("content");
        StringBuilder text = new StringBuilder();
        if (absent(content)) {
            // An empty result: the tool ran and said nothing.
        } else if (content.isTextual()) {
            text.append(content.textValue());
        } else if (content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                String partPath = path + ".content." + i;
                JsonNode part = object(content.get(i), partPath);
                String type = requiredString(part, "type", partPath + ".type");
                switch (type) {
                    case "text" -> appendLine(text, requiredString(part, "text", partPath + ".text"));
                    case "image" -> userParts.add(image(part, partPath));
                    case "document" -> userParts.add(document(part, partPath));
                    default -> throw unsupportedBlock(partPath, type, "'text', 'image' and 'document'");
                }
            }
        } else {
            throw wrongType(path + ".content", "a string or a list of content blocks", content);
        }
        String result = error ? "Error: " + text : text.toString();
        out.addObject().put("role", "tool").put("tool_call_id", id).put("content", result);
    }

    private static ObjectNode image(JsonNode block, String path) {
        JsonNode source = object(required(block, "source", path + ".source"), path + ".source");
        String sourceType = requiredString(source, "type", path + ".source.type");
        String url = switch (sourceType) {
            case "base64" -> {
                String mediaType = requiredString(source, "media_type", path + ".source.media_type");
                if (!IMAGE_TYPES.contains(mediaType)) {
                    throw invalid(path + ".source.media_type", "Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp', but got '"
                            + mediaType + "'.");
                }
                yield "data:" + mediaType + ";base64," + requiredString(source, "data", path + ".source.data");
            }
            case "url" -> {
                String link = requiredString(source, "url", path + ".source.url");
                if (!(link.startsWith("https://") || link.startsWith("http://"))) {
                    throw invalid(path + ".source.url", "Input should be an http(s) URL.");
                }
                yield link;
            }
            case "file" -> throw invalid(path + ".source.type",
                    "File sources (Anthropic's Files API) are not supported by this gateway: send the image as base64 or a URL.");
            default -> throw invalid(path + ".source.type", "Input should be 'base64' or 'url', but got '" + sourceType + "'.");
        };
        ObjectNode part = Json.NODES.objectNode().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    /** A PDF (base64) as an OpenAI file part; a plain-text document as a text part. */
    private static ObjectNode document(JsonNode block, String path) {
        JsonNode source = object(required(block, "source", path + ".source"), path + ".source");
        String sourceType = requiredString(source, "type", path + ".source.type");
        String title = optionalString(block, "title", path + ".title");
        switch (sourceType) {
            case "base64" -> {
                String mediaType = requiredString(source, "media_type", path + ".source.media_type");
                if (!"application/pdf".equals(mediaType)) {
                    throw invalid(path + ".source.media_type", "Input should be 'application/pdf', but got '" + mediaType + "'.");
                }
                ObjectNode part = Json.NODES.objectNode().put("type", "file");
                part.putObject("file")
                        .put("filename", title == null ? "document.pdf" : title)
                        .put("file_data", "data:application/pdf;base64," + requiredString(source, "data", path + ".source.data"));
                return part;
            }
            case "text" -> {
                String data = requiredString(source, "data", path + ".source.data");
                return Json.NODES.objectNode().put("type", "text").put("text", title == null ? data : title + "\n\n" + data);
            }
            default -> throw invalid(path + ".source.type", "Document sources of type '" + sourceType
                    + "' are not supported by this gateway: send a PDF as base64, or plain text.");
        }
    }

    private static RuntimeException unsupportedBlock(String path, String type, String supported) {
        return invalid(path + ".type", "Content blocks of type '" + type + "' are not supported here. Supported: " + supported + ".");
    }

    private static void appendLine(StringBuilder text, String line) {
        if (!text.isEmpty()) {
            text.append('\n');
        }
        text.append(line);
    }
}

package io.llmux.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.EmbeddingRequest;
import java.util.Locale;

/**
 * Builds a Gemini {@code GenerateContentRequest} from an OpenAI chat request.
 *
 * <ul>
 *   <li>system and developer messages, wherever they stand, become one {@code systemInstruction};</li>
 *   <li>user turns become role {@code user}, assistant turns role {@code model}; consecutive turns
 *       of one role are merged, as Gemini wants roles to alternate;</li>
 *   <li>text parts stay text; a {@code data:} image, audio or file becomes {@code inlineData}; an
 *       http(s) image URL becomes {@code fileData};</li>
 *   <li>an assistant's {@code tool_calls} become {@code functionCall} parts, and each tool result a
 *       {@code functionResponse} named after the call it answers (Gemini matches results by name,
 *       OpenAI by id: the name is looked up from the id among earlier calls);</li>
 *   <li>sampling fields go to {@code generationConfig}; {@code response_format} to
 *       responseMimeType and responseSchema; tools and tool_choice to functionDeclarations and
 *       functionCallingConfig.</li>
 * </ul>
 * Fields Gemini has no counterpart for (user, store, metadata, logit_bias, parallel_tool_calls,
 * service_tier, reasoning_effort, ...) are not sent. The model and the streaming flag are in the URL.
 */
final class GeminiRequestMapper {

    byte[] chat(ChatRequest request) {
        ObjectNode raw = request.raw();
        ObjectNode body = Json.NODES.objectNode();
        ArrayNode contents = body.putArray("contents");
        StringBuilder system = new StringBuilder();
        JsonNode messages = raw.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String path = "messages[" + i + "]";
            switch (message.path("role").asText()) {
                case "system", "developer" -> {
                    if (!system.isEmpty()) {
                        system.append("\n\n");
                    }
                    system.append(textOf(message.get("content")));
                }
                case "user" -> append(contents, "user", userParts(message.get("content"), path + ".content"));
                case "assistant" -> append(contents, "model", assistantParts(message, path));
                case "tool" -> append(contents, "user", functionResponse(messages, i,
                        functionNameFor(messages, i, message.path("tool_call_id").asText(), path), path));
                case "function" -> append(contents, "user", functionResponse(messages, i,
                        message.path("name").asText("function"), path));
                default -> throw GatewayException.invalid(path + ".role", "Invalid value for '" + path + ".role'.");
            }
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", system.toString());
        }
        tools(request, body);
        generationConfig(request, body);
        return write(body);
    }

    /** A {@code batchEmbedContents} request: one embed request per input text. */
    byte[] embeddings(EmbeddingRequest request, String upstreamModel) {
        if (request.texts().size() != request.inputCount()) {
            throw GatewayException.invalid("input", "Invalid 'input': Gemini embeds text only, not token arrays.");
        }
        ObjectNode body = Json.NODES.objectNode();
        ArrayNode requests = body.putArray("requests");
        for (String text : request.texts()) {
            ObjectNode one = requests.addObject();
            one.put("model", "models/" + upstreamModel);
            one.putObject("content").putArray("parts").addObject().put("text", text);
            if (request.dimensions() != null) {
                one.put("outputDimensionality", request.dimensions());
            }
        }
        return write(body);
    }

    /** Adds a turn, merged into the previous one when it has the same role. */
    private static void append(ArrayNode contents, String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("parts")).addAll(parts);
            return;
        }
        ObjectNode content = contents.addObject();
        content.put("role", role);
        content.set("parts", parts);
    }

    private static ArrayNode userParts(JsonNode content, String path) {
        ArrayNode parts = Json.NODES.arrayNode();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            parts.addObject().put("text", content.textValue());
            return parts;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partPath = path + "[" + i + "]";
            switch (part.path("type").asText()) {
                case "text", "refusal" -> parts.addObject().put("text", part.path(part.has("text") ? "text" : "refusal").asText());
                case "image_url" -> parts.add(media(part.path("image_url").path("url").asText(), partPath + ".image_url.url"));
                case "input_audio" -> {
                    JsonNode audio = part.path("input_audio");
                    String format = audio.path("format").asText("wav").toLowerCase(Locale.ROOT);
                    parts.addObject().putObject("inlineData")
                            .put("mimeType", "audio/" + ("mp3".equals(format) ? "mp3" : format))
                            .put("data", audio.path("data").asText());
                }
                case "file" -> {
                    JsonNode file = part.path("file");
                    if (!file.hasNonNull("file_data")) {
                        throw GatewayException.invalid(partPath + ".file", "Invalid '" + partPath
                                + ".file': Gemini needs the file's content (file_data as a data: URL); OpenAI file ids cannot be sent to it.");
                    }
                    String data = file.path("file_data").asText();
                    parts.add(media(data.startsWith("data:") ? data : "data:application/pdf;base64," + data, partPath + ".file.file_data"));
                }
                default -> throw GatewayException.invalid(partPath + ".type", "Invalid value for '" + partPath
                        + ".type': Gemini takes text, image_url, input_audio and file parts.");
            }
        }
        return parts;
    }

    /** A data: URL as inline bytes, an http(s) URL as a file reference. */
    private static ObjectNode media(String url, String path) {
        ObjectNode part = Json.NODES.objectNode();
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !meta.endsWith(";base64")) {
                throw GatewayException.invalid(path, "Invalid '" + path + "': a data: URL must be base64 (data:<type>;base64,<data>).");
            }
            String mimeType = meta.substring(0, meta.length() - ";base64".length());
            part.putObject("inlineData").put("mimeType", mimeType.isEmpty() ? "application/octet-stream" : mimeType)
                    .put("data", url.substring(comma + 1));
            return part;
        }
        ObjectNode file = part.putObject("fileData");
        String mimeType = mimeTypeOf(url);
        if (mimeType != null) {
            file.put("mimeType", mimeType);
        }
        file.put("fileUri", url);
        return part;
    }

    /** Gemini wants a file's type; a URL only hints at it through its extension. */
    private static String mimeTypeOf(String url) {
        int query = url.indexOf('?');
        String path = (query < 0 ? url : url.substring(0, query)).toLowerCase(Locale.ROOT);
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (path.endsWith(".webp")) {
            return "image/webp";
        }
        if (path.endsWith(".gif")) {
            return "image/gif";
        }
        if (path.endsWith(".heic")) {
            return "image/heic";
        }
        if (path.endsWith(".pdf")) {
            return "application/pdf";
        }
        return null;
    }

    private static ArrayNode assistantParts(JsonNode message, String path) {
        ArrayNode parts = Json.NODES.arrayNode();
        String text = textOf(message.get("content"));
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int j = 0; j < calls.size(); j++) {
                JsonNode function = calls.get(j).path("function");
                String argsPath = path + ".tool_calls[" + j + "].function.arguments";
                ObjectNode call = parts.addObject().putObject("functionCall");
                call.put("name", function.path("name").asText());
                call.set("args", arguments(function.path("arguments").asText(""), argsPath));
            }
        }
        return parts;
    }

    /** OpenAI sends a call's arguments as a JSON string; Gemini wants the object itself. */
    private static JsonNode arguments(String arguments, String path) {
        if (arguments.isBlank()) {
            return Json.NODES.objectNode();
        }
        try {
            JsonNode parsed = Json.MAPPER.readTree(arguments);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (JsonProcessingException notJson) {
            // reported below
        }
        throw GatewayException.invalid(path, "Invalid '" + path + "': Gemini needs a tool call's arguments as a JSON object.");
    }

    /** The name of the function whose call {@code id} answers: the nearest earlier assistant call with that id. */
    private static String functionNameFor(JsonNode messages, int toolIndex, String id, String path) {
        for (int i = toolIndex - 1; i >= 0; i--) {
            JsonNode calls = messages.get(i).get("tool_calls");
            if (calls != null && calls.isArray()) {
                for (JsonNode call : calls) {
                    if (id.equals(call.path("id").asText())) {
                        return call.path("function").path("name").asText();
                    }
                }
            }
        }
        throw GatewayException.invalid(path + ".tool_call_id", "Invalid '" + path + ".tool_call_id': '" + id
                + "' answers no tool call of an earlier assistant message; Gemini needs the function's name, which that call gives.");
    }

    /** A tool result as a functionResponse; Gemini wants an object, so other JSON or text is wrapped in one. */
    private static ArrayNode functionResponse(JsonNode messages, int index, String name, String path) {
        String text = textOf(messages.get(index).get("content"));
        JsonNode response = null;
        try {
            JsonNode parsed = text.isBlank() ? null : Json.MAPPER.readTree(text);
            response = parsed != null && parsed.isObject() ? parsed : null;
        } catch (JsonProcessingException notJson) {
            // plain text: wrapped below
        }
        if (response == null) {
            response = Json.NODES.objectNode().put("content", text);
        }
        ArrayNode parts = Json.NODES.arrayNode();
        ObjectNode functionResponse = parts.addObject().putObject("functionResponse");
        functionResponse.put("name", name);
        functionResponse.set("response", response);
        return parts;
    }

    private static void tools(ChatRequest request, ObjectNode body) {
        JsonNode tools = request.tools();
        if (tools != null && !tools.isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                if (!"function".equals(tool.path("type").asText())) {
                    throw GatewayException.invalid("tools[" + i + "].type", "Invalid value for 'tools[" + i
                            + "].type': Gemini takes function tools only.");
                }
                JsonNode function = tool.path("function");
                ObjectNode declaration = declarations.addObject();
                declaration.put("name", function.path("name").asText());
                if (function.hasNonNull("description")) {
                    declaration.put("description", function.path("description").asText());
                }
                JsonNode parameters = function.get("parameters");
                if (parameters != null && parameters.isObject() && !isEmptyObjectSchema(parameters)) {
                    declaration.set("parameters", GeminiSchemaMapper.map(parameters, "tools[" + i + "].function.parameters"));
                }
            }
        }
        JsonNode choice = request.toolChoice();
        if (choice == null || choice.isNull()) {
            return;
        }
        ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig");
        if (choice.isTextual()) {
            config.put("mode", switch (choice.textValue()) {
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> "AUTO";
            });
        } else {
            config.put("mode", "ANY");
            config.putArray("allowedFunctionNames").add(choice.path("function").path("name").asText());
        }
    }

    /** A function without parameters: Gemini rejects an object schema with no properties. */
    private static boolean isEmptyObjectSchema(JsonNode parameters) {
        JsonNode properties = parameters.get("properties");
        return properties == null || properties.isEmpty();
    }

    private static void generationConfig(ChatRequest request, ObjectNode body) {
        ObjectNode raw = request.raw();
        ObjectNode config = Json.NODES.objectNode();
        copyNumber(raw, "temperature", config, "temperature");
        copyNumber(raw, "top_p", config, "topP");
        copyNumber(raw, "presence_penalty", config, "presencePenalty");
        copyNumber(raw, "frequency_penalty", config, "frequencyPenalty");
        copyNumber(raw, "seed", config, "seed");
        if (request.maxOutputTokens() != null) {
            config.put("maxOutputTokens", request.maxOutputTokens());
        }
        if (request.n() > 1) {
            config.put("candidateCount", request.n());
        }
        JsonNode stop = raw.get("stop");
        if (stop != null && stop.isTextual()) {
            config.putArray("stopSequences").add(stop.textValue());
        } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
            config.set("stopSequences", stop);
        }
        String format = request.responseFormatType();
        if ("json_object".equals(format)) {
            config.put("responseMimeType", "application/json");
        } else if ("json_schema".equals(format)) {
            config.put("responseMimeType", "application/json");
            JsonNode schema = raw.path("response_format").path("json_schema").get("schema");
            if (schema != null && schema.isObject()) {
                config.set("responseSchema", GeminiSchemaMapper.map(schema, "response_format.json_schema.schema"));
            }
        }
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
    }

    private static void copyNumber(ObjectNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && value.isNumber()) {
            to.set(as, value);
        }
    }

    /** A message's text: the string content, or its text parts joined. */
    private static String textOf(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.has("text")) {
                text.append(part.path("text").asText());
            }
        }
        return text.toString();
    }

    private static byte[] write(ObjectNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

package io.llmux.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.provider.ProviderCall;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.JsonSchemaDefinition;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.OutputConfig;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormat;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatStructure;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatType;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Translates an OpenAI chat request (already validated by the ingress) into a Converse request:
 * system and developer messages hoisted into {@code system}; user, assistant and tool messages
 * into alternating user/assistant turns (consecutive turns of one role merged, as Converse
 * requires; tool results travel in user turns); tools, tool_choice, sampling settings and
 * structured output in Converse's terms.
 *
 * <p>What Converse cannot express is refused with a 400 naming the field (an image by http URL,
 * {@code n} above 1, audio and file parts, logprobs), never silently dropped; sampling knobs
 * without a Converse equivalent (seed, penalties, logit_bias, user) are ignored, as other
 * providers ignore them.
 */
final class BedrockRequestMapper {

    /** Model-specific request fields, passed to Converse's additionalModelRequestFields as sent. */
    static final String ADDITIONAL_FIELDS = "additional_model_request_fields";
    private static final Document EMPTY_OBJECT_SCHEMA = Document.fromMap(Map.of(
            "type", Document.fromString("object"), "properties", Document.fromMap(Map.of())));

    /** The parts shared by Converse and ConverseStream requests. */
    record Converse(String modelId, List<SystemContentBlock> system, List<Message> messages,
                    InferenceConfiguration inference, ToolConfiguration tools, OutputConfig output,
                    Document additionalFields) {

        // The SDK's builders take null for "not set" (an absent field on the wire); an empty
        // system list would be sent as [], so it is null too.
        ConverseRequest whole() {
            return ConverseRequest.builder().modelId(modelId).messages(messages).system(systemOrNull())
                    .inferenceConfig(inference).toolConfig(tools).outputConfig(output)
                    .additionalModelRequestFields(additionalFields).build();
        }

        ConverseStreamRequest streamed() {
            return ConverseStreamRequest.builder().modelId(modelId).messages(messages).system(systemOrNull())
                    .inferenceConfig(inference).toolConfig(tools).outputConfig(output)
                    .additionalModelRequestFields(additionalFields).build();
        }

        private List<SystemContentBlock> systemOrNull() {
            return system.isEmpty() ? null : system;
        }
    }

    Converse map(ProviderCall call) {
        ChatRequest request = call.request();
        JsonNode body = request.raw();
        refuseUnsupported(request);
        List<SystemContentBlock> system = new ArrayList<>();
        Turns turns = new Turns();
        JsonNode messages = body.get("messages");
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages[" + i + "]", system, turns);
        }
        return new Converse(call.upstreamModel(), system, turns.messages(), inference(request),
                tools(body, turns.usesTools()), output(body), additionalFields(body));
    }

    private static void refuseUnsupported(ChatRequest request) {
        if (request.n() > 1) {
            throw GatewayException.invalid("n", "Invalid 'n': Bedrock generates one choice per request; send n=1 (or omit it).");
        }
        JsonNode raw = request.raw();
        if (raw.path("logprobs").asBoolean(false)) {
            throw GatewayException.invalid("logprobs", "Invalid 'logprobs': Bedrock's Converse API does not return log probabilities.");
        }
        if ("json_object".equals(request.responseFormatType())) {
            throw GatewayException.invalid("response_format.type", "Invalid 'response_format.type': Bedrock has no free-form"
                    + " JSON mode; use 'json_schema' with a schema, or ask for JSON in the prompt.");
        }
        JsonNode extra = raw.get(ADDITIONAL_FIELDS);
        if (extra != null && !extra.isNull() && !extra.isObject()) {
            throw GatewayException.invalid(ADDITIONAL_FIELDS, "Invalid '" + ADDITIONAL_FIELDS + "': expected an object.");
        }
    }

    private void message(JsonNode message, String path, List<SystemContentBlock> system, Turns turns) {
        String role = message.path("role").asText();
        JsonNode content = message.get("content");
        switch (role) {
            case "system", "developer" -> {
                for (String text : texts(content, path + ".content")) {
                    system.add(SystemContentBlock.fromText(text));
                }
            }
            case "user" -> turns.add(ConversationRole.USER, userContent(content, path + ".content"), path);
            case "assistant" -> turns.add(ConversationRole.ASSISTANT, assistantContent(message, path), path);
            case "tool" -> turns.add(ConversationRole.USER, List.of(toolResult(message, path)), path);
            default -> throw GatewayException.invalid(path + ".role", "Invalid '" + path + ".role': Bedrock does not accept"
                    + " the legacy '" + role + "' role; send the function result as a 'tool' message.");
        }
    }

    private static List<ContentBlock> userContent(JsonNode content, String path) {
        List<ContentBlock> blocks = new ArrayList<>();
        if (content.isTextual()) {
            addText(blocks, content.textValue());
            return blocks;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partPath = path + "[" + i + "]";
            switch (part.path("type").asText()) {
                case "text" -> addText(blocks, part.path("text").asText());
                case "image_url" -> blocks.add(ContentBlock.fromImage(image(part.path("image_url").path("url").asText(),
                        partPath + ".image_url.url")));
                default -> throw GatewayException.invalid(partPath + ".type", "Invalid '" + partPath + ".type': Bedrock accepts"
                        + " text and image parts only, not '" + part.path("type").asText() + "'.");
            }
        }
        return blocks;
    }

    private static List<ContentBlock> assistantContent(JsonNode message, String path) {
        List<ContentBlock> blocks = new ArrayList<>();
        JsonNode content = message.get("content");
        if (content != null && !content.isNull()) {
            for (String text : texts(content, path + ".content")) {
                addText(blocks, text);
            }
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int i = 0; i < calls.size(); i++) {
                blocks.add(ContentBlock.fromToolUse(toolUse(calls.get(i), path + ".tool_calls[" + i + "]")));
            }
        }
        return blocks;
    }

    private static ToolUseBlock toolUse(JsonNode call, String path) {
        String id = call.path("id").asText("");
        if (id.isEmpty()) {
            throw GatewayException.invalid(path + ".id", "Missing required parameter: '" + path + ".id'.");
        }
        JsonNode function = call.path("function");
        String name = function.path("name").asText("");
        if (name.isEmpty()) {
            throw GatewayException.invalid(path + ".function.name", "Missing required parameter: '" + path + ".function.name'.");
        }
        String arguments = function.path("arguments").asText("");
        JsonNode input;
        try {
            input = arguments.isBlank() ? Json.NODES.objectNode() : Json.MAPPER.readTree(arguments);
        } catch (JsonProcessingException notJson) {
            throw GatewayException.invalid(path + ".function.arguments", "Invalid '" + path
                    + ".function.arguments': Bedrock needs the arguments as a JSON object.");
        }
        if (!input.isObject()) {
            throw GatewayException.invalid(path + ".function.arguments", "Invalid '" + path
                    + ".function.arguments': Bedrock needs the arguments as a JSON object.");
        }
        return ToolUseBlock.builder().toolUseId(id).name(name).input(BedrockDocuments.fromJson(input)).build();
    }

    private static ContentBlock toolResult(JsonNode message, String path) {
        List<ToolResultContentBlock> result = new ArrayList<>();
        for (String text : texts(message.get("content"), path + ".content")) {
            result.add(ToolResultContentBlock.fromText(text));
        }
        if (result.isEmpty()) {
            // Converse needs content in every tool result; an empty tool output is still an answer.
            result.add(ToolResultContentBlock.fromText(""));
        }
        return ContentBlock.fromToolResult(ToolResultBlock.builder()
                .toolUseId(message.path("tool_call_id").asText()).content(result).build());
    }

    /** The text of a string content or of the text parts of a content array; other parts are an error here. */
    private static List<String> texts(JsonNode content, String path) {
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isTextual()) {
            return content.textValue().isEmpty() ? List.of() : List.of(content.textValue());
        }
        List<String> texts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText();
            if (!"text".equals(type) && !"refusal".equals(type)) {
                throw GatewayException.invalid(path + "[" + i + "].type", "Invalid '" + path + "[" + i
                        + "].type': only text parts are allowed here, not '" + type + "'.");
            }
            String text = part.path("text".equals(type) ? "text" : "refusal").asText("");
            if (!text.isEmpty()) {
                texts.add(text);
            }
        }
        return texts;
    }

    /** Converse rejects blank text blocks, so empty strings are left out rather than sent. */
    private static void addText(List<ContentBlock> blocks, String text) {
        if (!text.isEmpty()) {
            blocks.add(ContentBlock.fromText(text));
        }
    }

    /** An image by data URL; Converse takes image bytes (or S3 locations), never a web URL. */
    static ImageBlock image(String url, String path) {
        if (!url.startsWith("data:")) {
            throw GatewayException.invalid(path, "Invalid '" + path + "': Bedrock cannot fetch images by URL;"
                    + " send the image inline as a data URL (data:image/png;base64,...).");
        }
        int comma = url.indexOf(',');
        String header = comma < 0 ? "" : url.substring(5, comma);
        if (comma < 0 || !header.endsWith(";base64")) {
            throw GatewayException.invalid(path, "Invalid '" + path + "': expected a base64 data URL (data:image/png;base64,...).");
        }
        ImageFormat format = switch (header.substring(0, header.length() - ";base64".length())) {
            case "image/png" -> ImageFormat.PNG;
            case "image/jpeg", "image/jpg" -> ImageFormat.JPEG;
            case "image/gif" -> ImageFormat.GIF;
            case "image/webp" -> ImageFormat.WEBP;
            default -> throw GatewayException.invalid(path, "Invalid '" + path
                    + "': Bedrock accepts PNG, JPEG, GIF and WebP images only.");
        };
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(url.substring(comma + 1));
        } catch (IllegalArgumentException notBase64) {
            throw GatewayException.invalid(path, "Invalid '" + path + "': the data URL is not valid base64.");
        }
        if (bytes.length == 0) {
            throw GatewayException.invalid(path, "Invalid '" + path + "': the image is empty.");
        }
        return ImageBlock.builder().format(format).source(ImageSource.fromBytes(SdkBytes.fromByteArrayUnsafe(bytes))).build();
    }

    private static InferenceConfiguration inference(ChatRequest request) {
        JsonNode raw = request.raw();
        InferenceConfiguration.Builder config = InferenceConfiguration.builder();
        boolean any = false;
        if (request.maxOutputTokens() != null) {
            config.maxTokens(request.maxOutputTokens());
            any = true;
        }
        if (raw.path("temperature").isNumber()) {
            config.temperature(raw.get("temperature").floatValue());
            any = true;
        }
        if (raw.path("top_p").isNumber()) {
            config.topP(raw.get("top_p").floatValue());
            any = true;
        }
        JsonNode stop = raw.get("stop");
        if (stop != null && (stop.isTextual() || (stop.isArray() && !stop.isEmpty()))) {
            List<String> sequences = new ArrayList<>();
            if (stop.isTextual()) {
                sequences.add(stop.textValue());
            } else {
                stop.forEach(s -> sequences.add(s.asText()));
            }
            config.stopSequences(sequences);
            any = true;
        }
        return any ? config.build() : null;
    }

    /**
     * Tools and tool_choice. Converse has no "none": with {@code tool_choice: none} the tools are
     * left out, unless the conversation already holds tool calls or results, which Converse only
     * accepts beside a tool configuration; then the model may still choose to call one.
     */
    private static ToolConfiguration tools(JsonNode body, boolean conversationUsesTools) {
        JsonNode tools = body.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        JsonNode choice = body.get("tool_choice");
        boolean none = choice != null && "none".equals(choice.asText(null));
        if (none && !conversationUsesTools) {
            return null;
        }
        List<Tool> specs = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw GatewayException.invalid("tools[" + i + "].type", "Invalid 'tools[" + i + "].type': Bedrock supports"
                        + " function tools only.");
            }
            JsonNode function = tool.path("function");
            JsonNode parameters = function.get("parameters");
            ToolSpecification.Builder spec = ToolSpecification.builder()
                    .name(function.path("name").asText())
                    .inputSchema(ToolInputSchema.fromJson(parameters == null || parameters.isNull()
                            ? EMPTY_OBJECT_SCHEMA : BedrockDocuments.fromJson(parameters)));
            String description = function.path("description").asText("");
            if (!description.isEmpty()) {
                spec.description(description);
            }
            specs.add(Tool.fromToolSpec(spec.build()));
        }
        ToolConfiguration.Builder config = ToolConfiguration.builder().tools(specs);
        if (choice != null && !none) {
            if (choice.isTextual()) {
                config.toolChoice("required".equals(choice.textValue())
                        ? ToolChoice.fromAny(AnyToolChoice.builder().build())
                        : ToolChoice.fromAuto(AutoToolChoice.builder().build()));
            } else if (choice.path("function").path("name").isTextual()) {
                config.toolChoice(ToolChoice.fromTool(SpecificToolChoice.builder()
                        .name(choice.path("function").path("name").textValue()).build()));
            }
        }
        return config.build();
    }

    /** response_format json_schema as Converse's structured output (models that support it honour it). */
    private static OutputConfig output(JsonNode body) {
        JsonNode format = body.get("response_format");
        if (format == null || !"json_schema".equals(format.path("type").asText())) {
            return null;
        }
        JsonNode schema = format.path("json_schema");
        if (!schema.path("schema").isObject()) {
            throw GatewayException.invalid("response_format.json_schema.schema",
                    "Missing required parameter: 'response_format.json_schema.schema'.");
        }
        JsonSchemaDefinition.Builder definition = JsonSchemaDefinition.builder()
                .schema(schema.get("schema").toString())
                .name(schema.path("name").asText("response"));
        if (schema.path("description").isTextual()) {
            definition.description(schema.get("description").textValue());
        }
        return OutputConfig.builder().textFormat(OutputFormat.builder().type(OutputFormatType.JSON_SCHEMA)
                .structure(OutputFormatStructure.fromJsonSchema(definition.build())).build()).build();
    }

    private static Document additionalFields(JsonNode body) {
        JsonNode extra = body.get(ADDITIONAL_FIELDS);
        return extra == null || !extra.isObject() ? null : BedrockDocuments.fromJson(extra);
    }

    /** Builds the turn list, merging consecutive messages of one role into one turn. */
    private static final class Turns {
        private final List<Message> messages = new ArrayList<>();
        private ConversationRole role;
        private List<ContentBlock> blocks;
        private boolean usesTools;

        void add(ConversationRole next, List<ContentBlock> content, String path) {
            if (content.isEmpty()) {
                throw GatewayException.invalid(path + ".content", "Invalid '" + path + ".content': Bedrock rejects"
                        + " messages without content; send text, an image or tool calls.");
            }
            for (ContentBlock block : content) {
                usesTools |= block.toolUse() != null || block.toolResult() != null;
            }
            if (next == role) {
                blocks.addAll(content);
                return;
            }
            flush();
            role = next;
            blocks = new ArrayList<>(content);
        }

        boolean usesTools() {
            return usesTools;
        }

        List<Message> messages() {
            flush();
            if (messages.isEmpty()) {
                throw GatewayException.invalid("messages", "Invalid 'messages': Bedrock needs at least one user message"
                        + " besides the system prompt.");
            }
            return messages;
        }

        private void flush() {
            if (role != null) {
                messages.add(Message.builder().role(role).content(blocks).build());
                role = null;
                blocks = null;
            }
        }
    }
}

package io.llmux.anthropic;

import static io.llmux.anthropic.AnthropicFields.absent;
import static io.llmux.anthropic.AnthropicFields.invalid;
import static io.llmux.anthropic.AnthropicFields.object;
import static io.llmux.anthropic.AnthropicFields.optionalBoolean;
import static io.llmux.anthropic.AnthropicFields.optionalInteger;
import static io.llmux.anthropic.AnthropicFields.optionalNumber;
import static io.llmux.anthropic.AnthropicFields.optionalString;
import static io.llmux.anthropic.AnthropicFields.requiredString;
import static io.llmux.anthropic.AnthropicFields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.openai.JsonBodyReader;
import java.util.regex.Pattern;

/**
 * Reads an Anthropic Messages API body ({@code POST /v1/messages}, and the subset that
 * {@code /v1/messages/count_tokens} takes), validates it as Anthropic's API would, and translates
 * it into the gateway's canonical request: an OpenAI chat completion body, so that the one
 * {@link io.llmux.pipeline.ChatPipeline} serves it with any provider.
 *
 * <p>Field mapping: {@code system} -> a leading system message; {@code max_tokens} ->
 * {@code max_completion_tokens}; {@code stop_sequences} -> {@code stop}; {@code temperature},
 * {@code top_p} as they are; {@code metadata.user_id} -> {@code user}; {@code tools} (name,
 * description, input_schema) -> function tools; {@code tool_choice} auto/any/tool/none -> auto,
 * required, a named function, none; {@code disable_parallel_tool_use} ->
 * {@code parallel_tool_calls: false}; {@code stream} -> {@code stream} with usage always asked for
 * (Anthropic's stream always ends with usage). {@code top_k} and {@code thinking} have no OpenAI
 * equivalent: they are forwarded under their own names for the providers that take them, and the
 * OpenAI-compatible services that reject them drop them (their quirks). Other Anthropic fields
 * ({@code service_tier}, {@code container}, {@code mcp_servers}, ...) are accepted and ignored.
 */
public final class AnthropicRequestParser {

    /** OpenAI's limit, which the canonical request inherits; Anthropic itself allows more. */
    static final int MAX_STOP_SEQUENCES = 4;
    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    private AnthropicRequestParser() {
    }

    /** A {@code POST /v1/messages} body: {@code max_tokens} is required, as Anthropic's API requires it. */
    public static ChatRequest parseMessages(byte[] body) {
        return parse(JsonBodyReader.readObject(body), true);
    }

    /** A {@code POST /v1/messages/count_tokens} body: model, messages, system, tools (no max_tokens). */
    public static ChatRequest parseCountTokens(byte[] body) {
        return parse(JsonBodyReader.readObject(body), false);
    }

    static ChatRequest parse(ObjectNode body, boolean generation) {
        ObjectNode out = Json.NODES.objectNode();
        String model = requiredString(body, "model", "model");
        if (model.isBlank()) {
            throw invalid("model", "String should have at least 1 character.");
        }
        out.put("model", model);
        Long maxTokens = optionalInteger(body, "max_tokens", "max_tokens", 1, Integer.MAX_VALUE);
        if (generation && maxTokens == null) {
            throw AnthropicFields.missing("max_tokens");
        }
        out.set("messages", AnthropicMessageMapper.map(body.get("system"), body.get("messages")));
        ArrayNode tools = tools(body.get("tools"));
        if (tools != null) {
            out.set("tools", tools);
        }
        toolChoice(body.get("tool_choice"), tools, out);
        JsonNode thinking = thinking(body.get("thinking"), maxTokens);
        if (generation) {
            out.put("max_completion_tokens", maxTokens);
            if (optionalBoolean(body, "stream", "stream")) {
                out.put("stream", true);
                out.putObject("stream_options").put("include_usage", true);
            }
            copy(optionalNumber(body, "temperature", "temperature", 0, 1), "temperature", out);
            copy(optionalNumber(body, "top_p", "top_p", 0, 1), "top_p", out);
            Long topK = optionalInteger(body, "top_k", "top_k", 0, Integer.MAX_VALUE);
            if (topK != null) {
                out.put("top_k", topK);
            }
            stopSequences(body.get("stop_sequences"), out);
            metadata(body.get("metadata"), out);
            if (thinking != null) {
                out.set("thinking", thinking);
            }
        }
        return ChatRequestParser.parse(out);
    }

    private static void copy(JsonNode value, String field, ObjectNode out) {
        if (value != null) {
            out.set(field, value);
        }
    }

    private static ArrayNode tools(JsonNode tools) {
        if (absent(tools)) {
            return null;
        }
        AnthropicFields.array(tools, "tools");
        if (tools.isEmpty()) {
            // OpenAI refuses an empty tools array; no tools is what it means.
            return null;
        }
        ArrayNode out = Json.NODES.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            String path = "tools." + i;
            JsonNode tool = object(tools.get(i), path);
            String type = optionalString(tool, "type", path + ".type");
            if (type != null && !"custom".equals(type)) {
                throw invalid(path + ".type", "Server tools ('" + type + "') are not supported by this gateway:"
                        + " only client tools (name, description, input_schema) are.");
            }
            String name = requiredString(tool, "name", path + ".name");
            if (!TOOL_NAME.matcher(name).matches()) {
                throw invalid(path + ".name", "String should match pattern '^[a-zA-Z0-9_-]{1,64}$'.");
            }
            String description = optionalString(tool, "description", path + ".description");
            JsonNode schema = AnthropicFields.required(tool, "input_schema", path + ".input_schema");
            if (!schema.isObject()) {
                throw wrongType(path + ".input_schema", "an object", schema);
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", name);
            if (description != null) {
                function.put("description", description);
            }
            function.set("parameters", schema);
        }
        return out;
    }

    private static void toolChoice(JsonNode choice, ArrayNode tools, ObjectNode out) {
        if (absent(choice)) {
            return;
        }
        object(choice, "tool_choice");
        String type = requiredString(choice, "type", "tool_choice.type");
        boolean serial = optionalBoolean(choice, "disable_parallel_tool_use", "tool_choice.disable_parallel_tool_use");
        switch (type) {
            case "auto" -> {
                if (tools != null) {
                    out.put("tool_choice", "auto");
                }
            }
            case "any" -> {
                if (tools == null) {
                    throw invalid("tool_choice.type", "'any' needs at least one tool in 'tools'.");
                }
                out.put("tool_choice", "required");
            }
            case "tool" -> {
                String name = requiredString(choice, "name", "tool_choice.name");
                if (tools == null || !offers(tools, name)) {
                    throw invalid("tool_choice.name", "'" + name + "' is not one of the tools in 'tools'.");
                }
                out.putObject("tool_choice").put("type", "function").putObject("function").put("name", name);
            }
            case "none" -> {
                if (tools != null) {
                    out.put("tool_choice", "none");
                }
            }
            default -> throw invalid("tool_choice.type", "Input should be 'auto', 'any', 'tool' or 'none', but got '" + type + "'.");
        }
        if (serial && tools != null) {
            out.put("parallel_tool_calls", false);
        }
    }

    private static boolean offers(ArrayNode tools, String name) {
        for (JsonNode tool : tools) {
            if (name.equals(tool.path("function").path("name").textValue())) {
                return true;
            }
        }
        return false;
    }

    private static void stopSequences(JsonNode stop, ObjectNode out) {
        if (absent(stop)) {
            return;
        }
        AnthropicFields.array(stop, "stop_sequences");
        if (stop.size() > MAX_STOP_SEQUENCES) {
            throw invalid("stop_sequences", "This gateway accepts at most " + MAX_STOP_SEQUENCES
                    + " stop sequences (the limit of OpenAI-compatible providers), but got " + stop.size() + ".");
        }
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw wrongType("stop_sequences." + i, "a string", stop.get(i));
            }
        }
        if (!stop.isEmpty()) {
            out.set("stop", stop);
        }
    }

    private static void metadata(JsonNode metadata, ObjectNode out) {
        if (absent(metadata)) {
            return;
        }
        object(metadata, "metadata");
        String user = optionalString(metadata, "user_id", "metadata.user_id");
        if (user != null) {
            out.put("user", user);
        }
    }

    /** Validated as Anthropic does; returned for forwarding, or null when absent. */
    private static JsonNode thinking(JsonNode thinking, Long maxTokens) {
        if (absent(thinking)) {
            return null;
        }
        object(thinking, "thinking");
        String type = requiredString(thinking, "type", "thinking.type");
        switch (type) {
            case "enabled" -> {
                JsonNode budget = AnthropicFields.required(thinking, "budget_tokens", "thinking.budget_tokens");
                long tokens = AnthropicFields.integer(budget, "thinking.budget_tokens", 1024, Integer.MAX_VALUE);
                if (maxTokens != null && tokens >= maxTokens) {
                    throw invalid("thinking.budget_tokens", "Must be less than max_tokens (" + maxTokens + ").");
                }
            }
            case "disabled", "adaptive" -> {
            }
            default -> throw invalid("thinking.type", "Input should be 'enabled', 'disabled' or 'adaptive', but got '" + type + "'.");
        }
        return thinking;
    }
}

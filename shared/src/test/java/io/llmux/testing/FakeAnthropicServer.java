package io.llmux.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anthropic's Messages API for tests: POST /v1/messages, answered as JSON or, when the request
 * says {@code "stream": true}, as Anthropic's SSE event sequence (message_start,
 * content_block_start, ping, content_block_delta with text_delta / input_json_delta,
 * content_block_stop, message_delta with the stop reason and output usage, message_stop), every
 * {@link FakeReply} fault included (a mid-stream failure is {@code event: error}).
 *
 * <p>It refuses what the real API refuses and a translation could get wrong: a missing
 * {@code x-api-key} or {@code anthropic-version}, a body without {@code max_tokens}, fields the API
 * does not know, roles that do not alternate, a system message inside {@code messages}, empty
 * text blocks.
 *
 * <p>Usage is {@link OpenAiWireFormat#PROMPT_TOKENS} input (split into plain, cache-read and
 * cache-write tokens as {@link #reportCache} says; all plain by default) and
 * {@link OpenAiWireFormat#COMPLETION_TOKENS} output.
 */
public final class FakeAnthropicServer extends FakeProviderServer {

    private static final Set<String> REQUEST_FIELDS = Set.of("model", "messages", "max_tokens", "system", "stop_sequences",
            "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "metadata", "thinking", "service_tier");
    private static final String MESSAGE_ID = "msg_fake01";

    private volatile long cacheRead;
    private volatile long cacheCreation;

    private FakeAnthropicServer() {
    }

    public static FakeAnthropicServer start() {
        return new FakeAnthropicServer();
    }

    /** The API root, what ANTHROPIC_BASE_URL names (the path /v1/messages is the client's). */
    public String baseUrl() {
        return origin();
    }

    /** Anthropic's 529: the API as a whole is overloaded. */
    public static FakeReply overloaded() {
        return new FakeReply.Failure(529, "overloaded_error", null, "Overloaded", null);
    }

    /** Splits the reported input: {@code read} tokens from the prompt cache, {@code creation} written to it, the rest plain. */
    public void reportCache(long read, long creation) {
        if (read + creation > OpenAiWireFormat.PROMPT_TOKENS) {
            throw new IllegalArgumentException("The cache counts exceed the prompt");
        }
        this.cacheRead = read;
        this.cacheCreation = creation;
    }

    @Override
    public void reset() {
        super.reset();
        cacheRead = 0;
        cacheCreation = 0;
    }

    @Override
    protected boolean answer(Http1Connection connection, RecordedRequest request, FakeReply reply)
            throws IOException, InterruptedException {
        if (!request.method().equals("POST") || !request.path().equals("/v1/messages")) {
            return error(connection, 404, "not_found_error", "Not found: " + request.method() + " " + request.path());
        }
        if (request.header("x-api-key").isEmpty()) {
            return error(connection, 401, "authentication_error", "x-api-key header is required");
        }
        if (request.header("anthropic-version").isEmpty()) {
            return error(connection, 400, "invalid_request_error", "anthropic-version: header is required");
        }
        JsonNode body;
        try {
            body = request.json();
        } catch (UncheckedIOException notJson) {
            return error(connection, 400, "invalid_request_error", "There was an error parsing the body of your request.");
        }
        String invalid = invalid(body);
        if (invalid != null) {
            return error(connection, 400, "invalid_request_error", invalid);
        }
        String model = body.path("model").asText();
        boolean stream = request.streamed();
        switch (reply) {
            case FakeReply.SlowFirstByte slow -> {
                return slowFirstByte(connection, request, slow);
            }
            case FakeReply.Failure failure -> {
                Map<String, String> headers = failure.retryAfter() == null ? JSON
                        : Map.of("Content-Type", "application/json", "retry-after", failure.retryAfter());
                connection.writeFixed(failure.status(), headers, bytes(errorBody(errorType(failure.status()), failure.message())));
                return true;
            }
            case FakeReply.ContextTooLong tooLong -> {
                return error(connection, 400, "invalid_request_error",
                        "prompt is too long: " + tooLong.promptTokens() + " tokens > " + tooLong.contextWindow() + " maximum");
            }
            case FakeReply.RejectKey ignored -> {
                // Quotes the key, so that tests see the gateway never passes an auth message on.
                return error(connection, 401, "authentication_error", "invalid x-api-key: " + request.header("x-api-key").orElse(""));
            }
            case FakeReply.Text text when stream -> {
                return streamWhole(connection, events(model, text));
            }
            case FakeReply.Truncated truncated when stream -> {
                return streamWhole(connection, events(model, truncated));
            }
            case FakeReply.ToolCall call when stream -> {
                return streamWhole(connection, events(model, call));
            }
            case FakeReply.Text text -> {
                connection.writeFixed(200, JSON, bytes(message(model, text)));
                return true;
            }
            case FakeReply.Truncated truncated -> {
                connection.writeFixed(200, JSON, bytes(message(model, truncated)));
                return true;
            }
            case FakeReply.ToolCall call -> {
                connection.writeFixed(200, JSON, bytes(message(model, call)));
                return true;
            }
            case FakeReply.Malformed ignored when stream -> {
                connection.startChunked(200, SSE);
                sendAll(connection, textOpening(model, FakeReply.PANGRAM, 1));
                connection.writeChunk("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\n\n"
                        .getBytes(StandardCharsets.UTF_8));
                connection.endChunked();
                return true;
            }
            case FakeReply.Malformed ignored -> {
                byte[] whole = bytes(message(model, FakeReply.text(FakeReply.PANGRAM)));
                connection.writeFixed(200, JSON, Arrays.copyOf(whole, whole.length / 2));
                return true;
            }
            case FakeReply.Cut cut when stream -> {
                connection.startChunked(200, SSE);
                sendAll(connection, textOpening(model, FakeReply.PANGRAM, cut.chunks()));
                return false;
            }
            case FakeReply.Cut ignored -> {
                connection.writeTruncatedAndCut(200, JSON, bytes(message(model, FakeReply.text(FakeReply.PANGRAM))));
                return false;
            }
            case FakeReply.EndWithoutDone end when stream -> {
                connection.startChunked(200, SSE);
                sendAll(connection, textOpening(model, FakeReply.PANGRAM, end.chunks()));
                connection.endChunked();
                return true;
            }
            case FakeReply.MidStreamError error when stream -> {
                connection.startChunked(200, SSE);
                sendAll(connection, textOpening(model, FakeReply.PANGRAM, error.chunks()));
                connection.writeChunk(event("error", errorBody("overloaded_error", error.message())));
                connection.endChunked();
                return true;
            }
            case FakeReply.Stall stall when stream -> {
                connection.startChunked(200, SSE);
                sendAll(connection, textOpening(model, FakeReply.PANGRAM, stall.chunks()));
                return fallSilent(connection, stall.silence());
            }
            case FakeReply.EndWithoutDone _, FakeReply.Stall _, FakeReply.MidStreamError _ -> {
                return onlyForStreams(connection, reply);
            }
        }
    }

    /** What the real API would refuse with a 400, or null. */
    private static String invalid(JsonNode body) {
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!REQUEST_FIELDS.contains(field)) {
                return field + ": Extra inputs are not permitted";
            }
        }
        if (!body.path("model").isTextual()) {
            return "model: Field required";
        }
        if (!body.path("max_tokens").isIntegralNumber() || body.path("max_tokens").asLong() < 1) {
            return "max_tokens: Field required";
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "messages: at least one message is required";
        }
        String previous = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                return "messages." + i + ".role: Input should be 'user' or 'assistant'";
            }
            if (role.equals(previous)) {
                return "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"" + role
                        + "\" roles in a row";
            }
            previous = role;
            JsonNode content = message.path("content");
            if (content.isTextual() && content.textValue().isEmpty()) {
                return "messages." + i + ".content: text content blocks must be non-empty";
            }
            for (JsonNode block : content) {
                if ("text".equals(block.path("type").asText()) && block.path("text").asText("").isEmpty()) {
                    return "messages." + i + ".content: text content blocks must be non-empty";
                }
            }
        }
        return null;
    }

    // --- the JSON answer -------------------------------------------------------------------------

    private ObjectNode message(String model, FakeReply answer) {
        ObjectNode message = envelope(model);
        if (answer instanceof FakeReply.ToolCall call) {
            message.putArray("content").add(toolUse(call, true));
            message.put("stop_reason", "tool_use");
        } else {
            message.putArray("content").addObject().put("type", "text").put("text", OpenAiWireFormat.textOf(answer));
            message.put("stop_reason", stopReason(answer));
        }
        message.putNull("stop_sequence");
        message.set("usage", usage(OpenAiWireFormat.COMPLETION_TOKENS));
        return message;
    }

    private static ObjectNode envelope(String model) {
        ObjectNode message = Json.NODES.objectNode();
        message.put("id", MESSAGE_ID);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        return message;
    }

    private static ObjectNode toolUse(FakeReply.ToolCall call, boolean withInput) {
        ObjectNode block = Json.NODES.objectNode().put("type", "tool_use").put("id", call.id()).put("name", call.name());
        try {
            block.set("input", withInput ? Json.MAPPER.readTree(call.arguments()) : Json.NODES.objectNode());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A fake tool call's arguments must be JSON: " + call.arguments(), e);
        }
        return block;
    }

    private ObjectNode usage(long output) {
        ObjectNode usage = Json.NODES.objectNode();
        usage.put("input_tokens", OpenAiWireFormat.PROMPT_TOKENS - cacheRead - cacheCreation);
        usage.put("cache_creation_input_tokens", cacheCreation);
        usage.put("cache_read_input_tokens", cacheRead);
        usage.put("output_tokens", output);
        return usage;
    }

    private static String stopReason(FakeReply answer) {
        return answer instanceof FakeReply.Truncated ? "max_tokens" : "end_turn";
    }

    // --- the event stream ------------------------------------------------------------------------

    /** A named SSE event, as Anthropic frames it: the name twice (event line, and data's type). */
    private record Event(String name, ObjectNode data) {
    }

    private List<Event> events(String model, FakeReply answer) {
        List<Event> events = new ArrayList<>();
        if (answer instanceof FakeReply.ToolCall call) {
            events.add(messageStart(model));
            ObjectNode start = data("content_block_start").put("index", 0);
            start.set("content_block", toolUse(call, false));
            events.add(new Event("content_block_start", start));
            events.add(new Event("ping", data("ping")));
            // The real API opens with an empty fragment, then sends the JSON in pieces.
            List<String> fragments = new ArrayList<>();
            fragments.add("");
            for (int i = 0; i < call.arguments().length(); i += 5) {
                fragments.add(call.arguments().substring(i, Math.min(call.arguments().length(), i + 5)));
            }
            for (String fragment : fragments) {
                ObjectNode delta = data("content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
                events.add(new Event("content_block_delta", delta));
            }
            events.add(new Event("content_block_stop", data("content_block_stop").put("index", 0)));
            events.addAll(ending("tool_use"));
        } else {
            String text = OpenAiWireFormat.textOf(answer);
            events.addAll(textOpening(model, text, OpenAiWireFormat.words(text).size()));
            events.add(new Event("content_block_stop", data("content_block_stop").put("index", 0)));
            events.addAll(ending(stopReason(answer)));
        }
        return events;
    }

    /** message_start, a text block's start, a ping, and the first {@code words} words as text deltas. */
    private List<Event> textOpening(String model, String text, int words) {
        List<Event> events = new ArrayList<>();
        events.add(messageStart(model));
        ObjectNode start = data("content_block_start").put("index", 0);
        start.putObject("content_block").put("type", "text").put("text", "");
        events.add(new Event("content_block_start", start));
        events.add(new Event("ping", data("ping")));
        List<String> all = OpenAiWireFormat.words(text);
        for (String word : all.subList(0, Math.min(words, all.size()))) {
            ObjectNode delta = data("content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", word);
            events.add(new Event("content_block_delta", delta));
        }
        return events;
    }

    private Event messageStart(String model) {
        ObjectNode message = envelope(model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usage(1));
        ObjectNode start = data("message_start");
        start.set("message", message);
        return new Event("message_start", start);
    }

    private static List<Event> ending(String stopReason) {
        ObjectNode delta = data("message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", OpenAiWireFormat.COMPLETION_TOKENS);
        return List.of(new Event("message_delta", delta), new Event("message_stop", data("message_stop")));
    }

    private static ObjectNode data(String type) {
        return Json.NODES.objectNode().put("type", type);
    }

    private static boolean streamWhole(Http1Connection connection, List<Event> events) throws IOException {
        connection.startChunked(200, SSE);
        sendAll(connection, events);
        connection.endChunked();
        return true;
    }

    private static void sendAll(Http1Connection connection, List<Event> events) throws IOException {
        for (Event event : events) {
            connection.writeChunk(event(event.name(), event.data()));
        }
    }

    // --- errors ----------------------------------------------------------------------------------

    /** Anthropic's error type for a status, as its API documents them. */
    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    private static ObjectNode errorBody(String type, String message) {
        ObjectNode body = data("error");
        body.putObject("error").put("type", type).put("message", message);
        return body;
    }

    private static boolean error(Http1Connection connection, int status, String type, String message) throws IOException {
        connection.writeFixed(status, JSON, bytes(errorBody(type, message)));
        return true;
    }

    /** A test that scripts a stream fault for a non-streamed call made a mistake: say so loudly. */
    private static boolean onlyForStreams(Http1Connection connection, FakeReply reply) throws IOException {
        return error(connection, 400, "invalid_request_error", "Fake provider: " + reply + " only applies to streamed requests");
    }

    private static byte[] event(String name, ObjectNode data) {
        return ("event: " + name + "\ndata: " + new String(bytes(data), StandardCharsets.UTF_8) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}

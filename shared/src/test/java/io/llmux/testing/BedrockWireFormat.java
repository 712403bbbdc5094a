package io.llmux.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Bedrock Runtime's wire format, as the fake speaks it: Converse JSON bodies, ConverseStream's
 * events as {@code application/vnd.amazon.eventstream} frames (encoded by the SDK's own
 * eventstream library, prelude and message CRC32s included), and error bodies. Every answer
 * reports {@link OpenAiWireFormat#PROMPT_TOKENS} input and {@link OpenAiWireFormat#COMPLETION_TOKENS}
 * output tokens, like every other fake.
 *
 * <p>Event payloads carry the {@code "p"} padding field real Bedrock adds (random letters that
 * hide the payload length), so the client is tested against it.
 */
public final class BedrockWireFormat {

    public static final String CONTENT_TYPE_STREAM = "application/vnd.amazon.eventstream";
    private static final String PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";

    private BedrockWireFormat() {
    }

    /** A Converse response body for a text, truncated or tool-call answer. */
    public static ObjectNode converse(FakeReply answer) {
        ObjectNode body = Json.NODES.objectNode();
        body.putObject("metrics").put("latencyMs", 321);
        ObjectNode message = body.putObject("output").putObject("message");
        message.put("role", "assistant");
        ObjectNode block = message.putArray("content").addObject();
        if (answer instanceof FakeReply.ToolCall call) {
            ObjectNode toolUse = block.putObject("toolUse");
            toolUse.put("toolUseId", call.id());
            toolUse.put("name", call.name());
            toolUse.set("input", json(call.arguments()));
            body.put("stopReason", "tool_use");
        } else {
            block.put("text", OpenAiWireFormat.textOf(answer));
            body.put("stopReason", stopReasonOf(answer));
        }
        body.set("usage", usage());
        return body;
    }

    /** Every frame of a whole streamed answer: start, blocks, stop, metadata. */
    public static List<byte[]> streamFrames(FakeReply answer) {
        List<byte[]> frames = new ArrayList<>();
        if (answer instanceof FakeReply.ToolCall call) {
            frames.add(event("messageStart", Json.NODES.objectNode().put("role", "assistant")));
            ObjectNode start = Json.NODES.objectNode().put("contentBlockIndex", 0);
            start.putObject("start").putObject("toolUse").put("toolUseId", call.id()).put("name", call.name());
            frames.add(event("contentBlockStart", start));
            String arguments = call.arguments();
            for (int i = 0; i < arguments.length(); i += 6) {
                ObjectNode delta = Json.NODES.objectNode().put("contentBlockIndex", 0);
                delta.putObject("delta").putObject("toolUse").put("input", arguments.substring(i, Math.min(arguments.length(), i + 6)));
                frames.add(event("contentBlockDelta", delta));
            }
            frames.add(event("contentBlockStop", Json.NODES.objectNode().put("contentBlockIndex", 0)));
            frames.add(event("messageStop", Json.NODES.objectNode().put("stopReason", "tool_use")));
        } else {
            String text = OpenAiWireFormat.textOf(answer);
            frames.addAll(textFrames(text, OpenAiWireFormat.words(text).size()));
            frames.add(event("contentBlockStop", Json.NODES.objectNode().put("contentBlockIndex", 0)));
            frames.add(event("messageStop", Json.NODES.objectNode().put("stopReason", stopReasonOf(answer))));
        }
        frames.add(metadata());
        return frames;
    }

    /** messageStart and the first {@code count} words of {@code text}, one contentBlockDelta each. */
    public static List<byte[]> textFrames(String text, int count) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(event("messageStart", Json.NODES.objectNode().put("role", "assistant")));
        List<String> words = OpenAiWireFormat.words(text);
        for (String word : words.subList(0, Math.min(count, words.size()))) {
            ObjectNode delta = Json.NODES.objectNode().put("contentBlockIndex", 0);
            delta.putObject("delta").put("text", word);
            frames.add(event("contentBlockDelta", delta));
        }
        return frames;
    }

    public static byte[] metadata() {
        ObjectNode metadata = Json.NODES.objectNode();
        metadata.putObject("metrics").put("latencyMs", 321);
        metadata.set("usage", usage());
        return event("metadata", metadata);
    }

    /** An event frame: {@code :message-type event}, its {@code :event-type}, a JSON payload. */
    public static byte[] event(String type, ObjectNode payload) {
        payload.put("p", PADDING.substring(0, 1 + Math.floorMod(payload.toString().length(), PADDING.length() - 1)));
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return encode(headers, bytes(payload));
    }

    /** An exception frame, as Bedrock sends a failure mid-stream (e.g. modelStreamErrorException). */
    public static byte[] exception(String type, String message) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return encode(headers, bytes(Json.NODES.objectNode().put("message", message)));
    }

    /** A frame whose message CRC is wrong (its last byte flipped): what a corrupted stream delivers. */
    public static byte[] corrupted(byte[] frame) {
        byte[] copy = frame.clone();
        copy[copy.length - 1] ^= 0x5A;
        return copy;
    }

    /** Bedrock's error body: {@code {"message": ...}}; the type travels in x-amzn-ErrorType. */
    public static ObjectNode error(String message) {
        return Json.NODES.objectNode().put("message", message);
    }

    /** The AWS error type Bedrock answers an HTTP status with. */
    public static String errorTypeFor(int status) {
        return switch (status) {
            case 400 -> "ValidationException";
            case 403 -> "AccessDeniedException";
            case 404 -> "ResourceNotFoundException";
            case 408 -> "ModelTimeoutException";
            case 424 -> "ModelErrorException";
            case 429 -> "ThrottlingException";
            case 503 -> "ServiceUnavailableException";
            default -> "InternalServerException";
        };
    }

    public static byte[] bytes(JsonNode json) {
        try {
            return Json.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String stopReasonOf(FakeReply answer) {
        return answer instanceof FakeReply.Truncated ? "max_tokens" : "end_turn";
    }

    private static ObjectNode usage() {
        ObjectNode usage = Json.NODES.objectNode();
        usage.put("inputTokens", OpenAiWireFormat.PROMPT_TOKENS);
        usage.put("outputTokens", OpenAiWireFormat.COMPLETION_TOKENS);
        usage.put("totalTokens", OpenAiWireFormat.PROMPT_TOKENS + OpenAiWireFormat.COMPLETION_TOKENS);
        return usage;
    }

    private static byte[] encode(Map<String, HeaderValue> headers, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 128);
        new Message(headers, payload).encode(out);
        return out.toByteArray();
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Tool arguments must be JSON: " + text, e);
        }
    }
}

package io.llmux.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI API for tests: POST /v1/chat/completions (JSON, or SSE when the request says
 * {@code "stream": true}) and POST /v1/embeddings, answering as the scripted {@link FakeReply} says.
 */
public final class FakeOpenAiServer extends FakeProviderServer {

    private static final String DONE = "[DONE]";

    private FakeOpenAiServer() {
    }

    public static FakeOpenAiServer start() {
        return new FakeOpenAiServer();
    }

    /** http://127.0.0.1:PORT/v1, what a gateway takes as the provider's base URL. */
    public String baseUrl() {
        return origin() + "/v1";
    }

    @Override
    protected boolean answer(Http1Connection connection, RecordedRequest request, FakeReply reply)
            throws IOException, InterruptedException {
        if (!request.method().equals("POST")
                || !(request.path().equals("/v1/chat/completions") || request.path().equals("/v1/embeddings"))) {
            connection.writeFixed(404, JSON, bytes(OpenAiWireFormat.error("Unknown route " + request.method() + " "
                    + request.path(), "invalid_request_error", null, "unknown_url")));
            return true;
        }
        JsonNode body;
        try {
            body = request.json();
        } catch (UncheckedIOException notJson) {
            connection.writeFixed(400, JSON, bytes(OpenAiWireFormat.error("We could not parse the JSON body of your request.",
                    "invalid_request_error", null, null)));
            return true;
        }
        String model = body.path("model").asText("unknown");
        boolean embeddings = request.path().endsWith("/embeddings");
        boolean stream = !embeddings && request.streamed();
        switch (reply) {
            case FakeReply.SlowFirstByte slow -> {
                return slowFirstByte(connection, request, slow);
            }
            case FakeReply.Failure failure -> {
                Map<String, String> headers = failure.retryAfter() == null ? JSON
                        : Map.of("Content-Type", "application/json", "Retry-After", failure.retryAfter());
                connection.writeFixed(failure.status(), headers,
                        bytes(OpenAiWireFormat.error(failure.message(), failure.type(), null, failure.code())));
                return true;
            }
            case FakeReply.ContextTooLong tooLong -> {
                connection.writeFixed(400, JSON, bytes(OpenAiWireFormat.error(OpenAiWireFormat.contextTooLongMessage(tooLong),
                        "invalid_request_error", "messages", "context_length_exceeded")));
                return true;
            }
            case FakeReply.RejectKey ignored -> {
                connection.writeFixed(401, JSON, bytes(OpenAiWireFormat.error("Incorrect API key provided: "
                        + request.bearerKey() + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                        "invalid_request_error", null, "invalid_api_key")));
                return true;
            }
            case FakeReply.Text text when embeddings -> {
                connection.writeFixed(200, JSON, bytes(OpenAiWireFormat.embeddings(model, inputCount(body))));
                return true;
            }
            case FakeReply.Text text when stream -> {
                return streamWhole(connection, model, OpenAiWireFormat.chunks(model, text), includeUsage(body));
            }
            case FakeReply.Truncated truncated when stream -> {
                return streamWhole(connection, model, OpenAiWireFormat.chunks(model, truncated), includeUsage(body));
            }
            case FakeReply.Truncated truncated -> {
                connection.writeFixed(200, JSON, bytes(OpenAiWireFormat.completion(model, truncated)));
                return true;
            }
            case FakeReply.ToolCall call when stream -> {
                return streamWhole(connection, model, OpenAiWireFormat.chunks(model, call), includeUsage(body));
            }
            case FakeReply.Text text -> {
                connection.writeFixed(200, JSON, bytes(OpenAiWireFormat.completion(model, text)));
                return true;
            }
            case FakeReply.ToolCall call -> {
                connection.writeFixed(200, JSON, bytes(OpenAiWireFormat.completion(model, call)));
                return true;
            }
            case FakeReply.Malformed ignored when stream -> {
                connection.startChunked(200, SSE);
                sendChunks(connection, OpenAiWireFormat.textChunks(model, FakeReply.PANGRAM, 1));
                connection.writeChunk("data: {\"id\":\"chatcmpl-fake\",\"choices\":[{\"delta\":\n\n".getBytes(StandardCharsets.UTF_8));
                connection.writeChunk(sseEvent(DONE));
                connection.endChunked();
                return true;
            }
            case FakeReply.Malformed ignored -> {
                byte[] whole = bytes(OpenAiWireFormat.completion(model, FakeReply.text(FakeReply.PANGRAM)));
                connection.writeFixed(200, JSON, java.util.Arrays.copyOf(whole, whole.length / 2));
                return true;
            }
            case FakeReply.Cut cut when stream -> {
                connection.startChunked(200, SSE);
                sendChunks(connection, OpenAiWireFormat.textChunks(model, FakeReply.PANGRAM, cut.chunks()));
                return false;
            }
            case FakeReply.Cut ignored -> {
                connection.writeTruncatedAndCut(200, JSON, bytes(OpenAiWireFormat.completion(model, FakeReply.text(FakeReply.PANGRAM))));
                return false;
            }
            case FakeReply.EndWithoutDone end when stream -> {
                connection.startChunked(200, SSE);
                sendChunks(connection, OpenAiWireFormat.textChunks(model, FakeReply.PANGRAM, end.chunks()));
                connection.endChunked();
                return true;
            }
            case FakeReply.MidStreamError error when stream -> {
                connection.startChunked(200, SSE);
                sendChunks(connection, OpenAiWireFormat.textChunks(model, FakeReply.PANGRAM, error.chunks()));
                connection.writeChunk(sseEvent(OpenAiWireFormat.error(error.message(), "server_error", null, null)));
                connection.endChunked();
                return true;
            }
            case FakeReply.Stall stall when stream -> {
                connection.startChunked(200, SSE);
                sendChunks(connection, OpenAiWireFormat.textChunks(model, FakeReply.PANGRAM, stall.chunks()));
                return fallSilent(connection, stall.silence());
            }
            case FakeReply.EndWithoutDone _, FakeReply.Stall _, FakeReply.MidStreamError _ -> {
                return onlyForStreams(connection, reply);
            }
        }
    }

    private static boolean streamWhole(Http1Connection connection, String model, List<ObjectNode> chunks, boolean usage)
            throws IOException {
        connection.startChunked(200, SSE);
        sendChunks(connection, chunks);
        if (usage) {
            connection.writeChunk(sseEvent(OpenAiWireFormat.usageChunk(model)));
        }
        connection.writeChunk(sseEvent(DONE));
        connection.endChunked();
        return true;
    }

    /** A test that scripts a stream fault for a non-streamed call made a mistake: say so loudly. */
    private static boolean onlyForStreams(Http1Connection connection, FakeReply reply) throws IOException {
        connection.writeFixed(400, JSON, bytes(OpenAiWireFormat.error("Fake provider: " + reply
                + " only applies to streamed requests", "invalid_request_error", null, "fake_misuse")));
        return true;
    }

    private static boolean includeUsage(JsonNode body) {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    private static int inputCount(JsonNode body) {
        JsonNode input = body.path("input");
        return input.isArray() && !input.isEmpty() && !input.get(0).isNumber() ? input.size() : 1;
    }
}

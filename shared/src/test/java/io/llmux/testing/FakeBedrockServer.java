package io.llmux.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon Bedrock Runtime for tests: {@code POST /model/{modelId}/converse} (JSON) and
 * {@code POST /model/{modelId}/converse-stream} (binary eventstream frames), answering as the
 * scripted {@link FakeReply} says, in Bedrock's real wire format, so the AWS SDK itself decodes
 * it. Point the SDK here with an endpoint override and any static credentials; the fake requires
 * a SigV4 Authorization header (it does not verify the signature).
 *
 * <p>Failures answer with {@code x-amzn-ErrorType} and {@code {"message": ...}}: the error type
 * follows the status (429 ThrottlingException, 400 ValidationException, 403
 * AccessDeniedException, 404 ResourceNotFoundException, 503 ServiceUnavailableException, 500
 * InternalServerException), or is the {@link FakeReply.Failure#type()} itself when that names an
 * AWS exception (e.g. {@code ModelNotReadyException}). A mid-stream error is an exception frame,
 * {@code modelStreamErrorException} unless {@link #failStreamsWith} names another.
 */
public final class FakeBedrockServer extends FakeProviderServer {

    private static final Pattern ROUTE = Pattern.compile("^/model/([^/]+)/(converse|converse-stream)$");
    private static final String DEFAULT_STREAM_EXCEPTION = "modelStreamErrorException";
    private static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

    private volatile String streamException = DEFAULT_STREAM_EXCEPTION;

    private FakeBedrockServer() {
    }

    public static FakeBedrockServer start() {
        return new FakeBedrockServer();
    }

    /** What the SDK's endpoint override takes: http://127.0.0.1:PORT. */
    public String endpoint() {
        return origin();
    }

    /** The exception-frame type that {@link FakeReply.MidStreamError} sends (throttlingException, internalServerException, ...). */
    public void failStreamsWith(String exceptionType) {
        this.streamException = exceptionType;
    }

    @Override
    public void reset() {
        super.reset();
        streamException = DEFAULT_STREAM_EXCEPTION;
    }

    /** The model id of a recorded request, URL-decoded from its path. */
    public static String modelOf(RecordedRequest request) {
        Matcher route = ROUTE.matcher(request.path());
        if (!route.matches()) {
            throw new AssertionError("Not a Converse request: " + request.path());
        }
        return URLDecoder.decode(route.group(1), StandardCharsets.UTF_8);
    }

    @Override
    protected boolean answer(Http1Connection connection, RecordedRequest request, FakeReply reply)
            throws IOException, InterruptedException {
        Matcher route = ROUTE.matcher(request.path());
        if (!request.method().equals("POST") || !route.matches()) {
            return error(connection, 404, "UnknownOperationException", "Unknown operation " + request.method() + " " + request.path(), null);
        }
        String authorization = request.header("Authorization").orElse("");
        if (!authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
            return error(connection, 403, "MissingAuthenticationTokenException", "Missing Authentication Token", null);
        }
        try {
            JsonNode body = request.json();
            if (!body.path("messages").isArray()) {
                return error(connection, 400, "ValidationException", "1 validation error detected: Value null at 'messages'"
                        + " failed to satisfy constraint: Member must not be null", null);
            }
        } catch (UncheckedIOException notJson) {
            return error(connection, 400, "SerializationException", "Could not parse the request body as JSON.", null);
        }
        boolean stream = route.group(2).equals("converse-stream");
        switch (reply) {
            case FakeReply.SlowFirstByte slow -> {
                return slowFirstByte(connection, request, slow);
            }
            case FakeReply.Failure failure -> {
                String type = failure.type() != null && failure.type().endsWith("Exception") ? failure.type()
                        : BedrockWireFormat.errorTypeFor(failure.status());
                return error(connection, failure.status(), type, failure.message(), failure.retryAfter());
            }
            case FakeReply.ContextTooLong ignored -> {
                return error(connection, 400, "ValidationException", "Input is too long for requested model.", null);
            }
            case FakeReply.RejectKey ignored -> {
                // AWS's signature errors quote parts of the request; this one quotes the access key
                // id, so tests can prove the gateway never relays it.
                return error(connection, 403, "UnrecognizedClientException",
                        "The security token included in the request is invalid. " + authorization, null);
            }
            case FakeReply.Text text when stream -> {
                return streamFrames(connection, BedrockWireFormat.streamFrames(text), true);
            }
            case FakeReply.Truncated truncated when stream -> {
                return streamFrames(connection, BedrockWireFormat.streamFrames(truncated), true);
            }
            case FakeReply.ToolCall call when stream -> {
                return streamFrames(connection, BedrockWireFormat.streamFrames(call), true);
            }
            case FakeReply.Text text -> {
                connection.writeFixed(200, json(), BedrockWireFormat.bytes(BedrockWireFormat.converse(text)));
                return true;
            }
            case FakeReply.Truncated truncated -> {
                connection.writeFixed(200, json(), BedrockWireFormat.bytes(BedrockWireFormat.converse(truncated)));
                return true;
            }
            case FakeReply.ToolCall call -> {
                connection.writeFixed(200, json(), BedrockWireFormat.bytes(BedrockWireFormat.converse(call)));
                return true;
            }
            case FakeReply.Malformed ignored when stream -> {
                connection.startChunked(200, streamHeaders());
                for (byte[] frame : BedrockWireFormat.textFrames(FakeReply.PANGRAM, 1)) {
                    connection.writeChunk(frame);
                }
                List<byte[]> rest = BedrockWireFormat.textFrames(FakeReply.PANGRAM, 2);
                connection.writeChunk(BedrockWireFormat.corrupted(rest.getLast()));
                connection.endChunked();
                return true;
            }
            case FakeReply.Malformed ignored -> {
                byte[] whole = BedrockWireFormat.bytes(BedrockWireFormat.converse(FakeReply.text(FakeReply.PANGRAM)));
                connection.writeFixed(200, json(), java.util.Arrays.copyOf(whole, whole.length / 2));
                return true;
            }
            case FakeReply.Cut cut when stream -> {
                streamFrames(connection, BedrockWireFormat.textFrames(FakeReply.PANGRAM, cut.chunks()), false);
                return false;
            }
            case FakeReply.Cut ignored -> {
                connection.writeTruncatedAndCut(200, json(),
                        BedrockWireFormat.bytes(BedrockWireFormat.converse(FakeReply.text(FakeReply.PANGRAM))));
                return false;
            }
            case FakeReply.EndWithoutDone end when stream -> {
                return streamFrames(connection, BedrockWireFormat.textFrames(FakeReply.PANGRAM, end.chunks()), true);
            }
            case FakeReply.MidStreamError error when stream -> {
                connection.startChunked(200, streamHeaders());
                for (byte[] frame : BedrockWireFormat.textFrames(FakeReply.PANGRAM, error.chunks())) {
                    connection.writeChunk(frame);
                }
                connection.writeChunk(BedrockWireFormat.exception(streamException, error.message()));
                connection.endChunked();
                return true;
            }
            case FakeReply.Stall stall when stream -> {
                streamFrames(connection, BedrockWireFormat.textFrames(FakeReply.PANGRAM, stall.chunks()), false);
                return fallSilent(connection, stall.silence());
            }
            case FakeReply.EndWithoutDone _, FakeReply.Stall _, FakeReply.MidStreamError _ -> {
                return onlyForStreams(connection, reply);
            }
        }
    }

    /** Starts a 200 eventstream response, sends the frames, and ends it cleanly when {@code end}. */
    private static boolean streamFrames(Http1Connection connection, List<byte[]> frames, boolean end) throws IOException {
        connection.startChunked(200, streamHeaders());
        for (byte[] frame : frames) {
            connection.writeChunk(frame);
        }
        if (end) {
            connection.endChunked();
        }
        return end;
    }

    private static boolean error(Http1Connection connection, int status, String type, String message, String retryAfter)
            throws IOException {
        Map<String, String> headers = json();
        headers.put("x-amzn-ErrorType", type + ERROR_TYPE_SUFFIX);
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        // Closed after an error answer: the SDK's Netty client closes such a connection itself, but
        // asynchronously, and may meanwhile hand it to the next call, which then fails as "closed
        // during the request" (about one test run in five). Closing here makes the client see it
        // at once. The gateway's routing layer retries that failure in production (docs/providers.md).
        headers.put("Connection", "close");
        connection.writeFixed(status, headers, BedrockWireFormat.bytes(BedrockWireFormat.error(message)));
        return false;
    }

    /** A test that scripts a stream fault for a non-streamed call made a mistake: say so loudly. */
    private static boolean onlyForStreams(Http1Connection connection, FakeReply reply) throws IOException {
        return error(connection, 400, "ValidationException", "Fake Bedrock: " + reply + " only applies to converse-stream", null);
    }

    private static Map<String, String> json() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
        return headers;
    }

    private static Map<String, String> streamHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", BedrockWireFormat.CONTENT_TYPE_STREAM);
        headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
        return headers;
    }
}

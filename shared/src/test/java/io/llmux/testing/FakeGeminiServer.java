package io.llmux.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google's Gemini API (v1beta) for tests: POST /v1beta/models/{model}:generateContent,
 * :streamGenerateContent?alt=sse and :batchEmbedContents, keyed by the {@code x-goog-api-key}
 * header, answering as the scripted {@link FakeReply} says in Gemini's wire format: candidates with
 * content parts, finishReason, usageMetadata (with thinking tokens, as the 2.5 models report
 * them), SSE events that are each a whole GenerateContentResponse (CRLF-separated, as Google sends
 * them, with no end marker), and Google's error bodies ({@code code}, {@code message},
 * {@code status}, {@code details} with RetryInfo and ErrorInfo).
 *
 * <p>Usage adds up to {@link OpenAiWireFormat#PROMPT_TOKENS} and
 * {@link OpenAiWireFormat#COMPLETION_TOKENS}: {@link #THOUGHTS_TOKENS} of the output are thinking.
 * {@link #blockPrompt(String)} and {@link #finishWith(String)} script Gemini's safety outcomes.
 */
public final class FakeGeminiServer extends FakeProviderServer {

    /** The thinking tokens each answer reports, out of {@link OpenAiWireFormat#COMPLETION_TOKENS}. */
    public static final long THOUGHTS_TOKENS = 100;

    private static final Pattern ROUTE = Pattern.compile("/v1beta/models/([^/:?]+):(generateContent|streamGenerateContent|batchEmbedContents)(\\?.*)?");
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=UTF-8");
    private static final Map<String, String> SSE = Map.of("Content-Type", "text/event-stream", "Cache-Control", "no-cache");

    private volatile String blockReason;
    private volatile String finishReason;

    private FakeGeminiServer() {
    }

    public static FakeGeminiServer start() {
        return new FakeGeminiServer();
    }

    /** http://127.0.0.1:PORT, what a gateway takes as the API's base URL. */
    public String baseUrl() {
        return origin();
    }

    /** Answers every text request as a blocked prompt: no candidates, promptFeedback.blockReason. */
    public void blockPrompt(String reason) {
        this.blockReason = reason;
    }

    /** Ends text answers with this finishReason (SAFETY, RECITATION, ...) instead of STOP. */
    public void finishWith(String reason) {
        this.finishReason = reason;
    }

    @Override
    public void reset() {
        super.reset();
        blockReason = null;
        finishReason = null;
    }

    @Override
    protected boolean answer(Http1Connection connection, RecordedRequest request, FakeReply reply)
            throws IOException, InterruptedException {
        Matcher route = ROUTE.matcher(request.path());
        if (!request.method().equals("POST") || !route.matches()) {
            connection.writeFixed(404, JSON, bytes(googleError(404, "NOT_FOUND", "Requested entity was not found.")));
            return true;
        }
        if (request.header("x-goog-api-key").isEmpty()) {
            connection.writeFixed(403, JSON, bytes(googleError(403, "PERMISSION_DENIED",
                    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.")));
            return true;
        }
        JsonNode body;
        try {
            body = request.json();
        } catch (UncheckedIOException notJson) {
            connection.writeFixed(400, JSON, bytes(googleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")));
            return true;
        }
        String model = route.group(1);
        String operation = route.group(2);
        boolean stream = operation.equals("streamGenerateContent");
        if (stream && (route.group(3) == null || !route.group(3).contains("alt=sse"))) {
            // Without alt=sse Google streams one JSON array; the gateway must always ask for SSE.
            connection.writeFixed(400, JSON, bytes(googleError(400, "INVALID_ARGUMENT", "Fake Gemini: stream without alt=sse")));
            return true;
        }
        boolean embeddings = operation.equals("batchEmbedContents");
        switch (reply) {
            case FakeReply.SlowFirstByte slow -> {
                return slowFirstByte(connection, request, slow);
            }
            case FakeReply.Failure failure -> {
                connection.writeFixed(failure.status(), JSON, bytes(failureBody(failure)));
                return true;
            }
            case FakeReply.ContextTooLong tooLong -> {
                connection.writeFixed(400, JSON, bytes(googleError(400, "INVALID_ARGUMENT", "The input token count ("
                        + tooLong.promptTokens() + ") exceeds the maximum number of tokens allowed (" + tooLong.contextWindow() + ").")));
                return true;
            }
            case FakeReply.RejectKey ignored -> {
                // Google answers a wrong key with a 400, not a 401.
                ObjectNode error = googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
                ((ObjectNode) error.get("error")).putArray("details").addObject()
                        .put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", "API_KEY_INVALID")
                        .put("domain", "googleapis.com").putObject("metadata").put("service", "generativelanguage.googleapis.com");
                connection.writeFixed(400, JSON, bytes(error));
                return true;
            }
            case FakeReply.Text text when embeddings -> {
                connection.writeFixed(200, JSON, bytes(embeddings(body.path("requests").size())));
                return true;
            }
            case FakeReply.Text text when blockReason != null -> {
                ObjectNode blocked = envelope(model);
                blocked.putObject("promptFeedback").put("blockReason", blockReason);
                blocked.set("usageMetadata", usage(false));
                if (stream) {
                    connection.startChunked(200, SSE);
                    connection.writeChunk(event(blocked));
                    connection.endChunked();
                } else {
                    connection.writeFixed(200, JSON, bytes(blocked));
                }
                return true;
            }
            case FakeReply.Text text when stream -> {
                return streamWhole(connection, textEvents(model, text.content(), finishReason == null ? "STOP" : finishReason));
            }
            case FakeReply.Truncated truncated when stream -> {
                return streamWhole(connection, textEvents(model, truncated.content(), "MAX_TOKENS"));
            }
            case FakeReply.ToolCall call when stream -> {
                return streamWhole(connection, List.of(response(model, functionCallPart(call), "STOP", true)));
            }
            case FakeReply.Text text -> {
                connection.writeFixed(200, JSON, bytes(response(model, textPart(text.content()),
                        finishReason == null ? "STOP" : finishReason, true)));
                return true;
            }
            case FakeReply.Truncated truncated -> {
                connection.writeFixed(200, JSON, bytes(response(model, textPart(truncated.content()), "MAX_TOKENS", true)));
                return true;
            }
            case FakeReply.ToolCall call -> {
                connection.writeFixed(200, JSON, bytes(response(model, functionCallPart(call), "STOP", true)));
                return true;
            }
            case FakeReply.Malformed ignored when stream -> {
                connection.startChunked(200, SSE);
                sendAll(connection, partialEvents(model, 1));
                connection.writeChunk("data: {\"candidates\": [{\"content\": \r\n\r\n".getBytes(StandardCharsets.UTF_8));
                connection.endChunked();
                return true;
            }
            case FakeReply.Malformed ignored -> {
                byte[] whole = bytes(response(model, textPart(FakeReply.PANGRAM), "STOP", true));
                connection.writeFixed(200, JSON, Arrays.copyOf(whole, whole.length / 2));
                return true;
            }
            case FakeReply.Cut cut when stream -> {
                connection.startChunked(200, SSE);
                sendAll(connection, partialEvents(model, cut.chunks()));
                return false;
            }
            case FakeReply.Cut ignored -> {
                connection.writeTruncatedAndCut(200, JSON, bytes(response(model, textPart(FakeReply.PANGRAM), "STOP", true)));
                return false;
            }
            case FakeReply.EndWithoutDone end when stream -> {
                // Gemini has no [DONE]: the equivalent fault is a stream that ends before any finishReason.
                connection.startChunked(200, SSE);
                sendAll(connection, partialEvents(model, end.chunks()));
                connection.endChunked();
                return true;
            }
            case FakeReply.MidStreamError error when stream -> {
                connection.startChunked(200, SSE);
                sendAll(connection, partialEvents(model, error.chunks()));
                connection.writeChunk(event(googleError(500, "INTERNAL", error.message())));
                connection.endChunked();
                return true;
            }
            case FakeReply.Stall stall when stream -> {
                connection.startChunked(200, SSE);
                sendAll(connection, partialEvents(model, stall.chunks()));
                return fallSilent(connection, stall.silence());
            }
            case FakeReply.EndWithoutDone _, FakeReply.Stall _, FakeReply.MidStreamError _ -> {
                return onlyForStreams(connection, reply);
            }
        }
    }

    /** A whole answer: one candidate with {@code part}, its finishReason and (when final) the full usage. */
    private static ObjectNode response(String model, ObjectNode part, String finishReason, boolean last) {
        ObjectNode response = envelope(model);
        ObjectNode candidate = response.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").add(part);
        content.put("role", "model");
        if (finishReason != null) {
            candidate.put("finishReason", finishReason);
        }
        candidate.put("index", 0);
        // As Gemini streams: every event carries usage, the prompt count only until the last.
        response.set("usageMetadata", usage(last));
        return response;
    }

    /** The answer's words, one event each; the last carries the finishReason and the whole usage. */
    private static List<ObjectNode> textEvents(String model, String text, String finishReason) {
        List<String> words = OpenAiWireFormat.words(text);
        return java.util.stream.IntStream.range(0, words.size())
                .mapToObj(i -> {
                    boolean last = i == words.size() - 1;
                    return response(model, textPart(words.get(i)), last ? finishReason : null, last);
                })
                .toList();
    }

    /** The first {@code count} words of the pangram, without a finishReason: a stream still going. */
    private static List<ObjectNode> partialEvents(String model, int count) {
        List<String> words = OpenAiWireFormat.words(FakeReply.PANGRAM);
        return words.subList(0, Math.min(count, words.size())).stream()
                .map(word -> response(model, textPart(word), null, false))
                .toList();
    }

    private static ObjectNode textPart(String text) {
        return Json.NODES.objectNode().put("text", text);
    }

    private static ObjectNode functionCallPart(FakeReply.ToolCall call) {
        ObjectNode part = Json.NODES.objectNode();
        ObjectNode functionCall = part.putObject("functionCall");
        functionCall.put("name", call.name());
        try {
            functionCall.set("args", Json.MAPPER.readTree(call.arguments()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A Gemini function call's args are a JSON object: " + call.arguments(), e);
        }
        return part;
    }

    private static ObjectNode envelope(String model) {
        ObjectNode response = Json.NODES.objectNode();
        response.put("modelVersion", model);
        response.put("responseId", "fakeGeminiResponse01");
        return response;
    }

    private static ObjectNode usage(boolean complete) {
        ObjectNode usage = Json.NODES.objectNode();
        usage.put("promptTokenCount", OpenAiWireFormat.PROMPT_TOKENS);
        if (complete) {
            usage.put("candidatesTokenCount", OpenAiWireFormat.COMPLETION_TOKENS - THOUGHTS_TOKENS);
            usage.put("totalTokenCount", OpenAiWireFormat.PROMPT_TOKENS + OpenAiWireFormat.COMPLETION_TOKENS);
            usage.put("thoughtsTokenCount", THOUGHTS_TOKENS);
        } else {
            usage.put("totalTokenCount", OpenAiWireFormat.PROMPT_TOKENS);
        }
        usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", OpenAiWireFormat.PROMPT_TOKENS);
        return usage;
    }

    private static ObjectNode embeddings(int count) {
        ObjectNode body = Json.NODES.objectNode();
        ArrayNode embeddings = body.putArray("embeddings");
        for (int i = 0; i < count; i++) {
            embeddings.addObject().putArray("values").add(0.25f + i).add(-0.5f).add(0.75f);
        }
        return body;
    }

    private static ObjectNode failureBody(FakeReply.Failure failure) {
        return switch (failure.status()) {
            case 429 -> {
                ObjectNode body = googleError(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan "
                        + "and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.");
                ArrayNode details = ((ObjectNode) body.get("error")).putArray("details");
                ObjectNode quota = details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure");
                quota.putArray("violations").addObject()
                        .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests")
                        .put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
                if (failure.retryAfter() != null) {
                    // Google sends no Retry-After header: the delay is in the RetryInfo detail.
                    details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                            .put("retryDelay", failure.retryAfter() + "s");
                }
                yield body;
            }
            case 500 -> googleError(500, "INTERNAL", "An internal error has occurred. Please retry or report in "
                    + "https://developers.generativeai.google/guide/troubleshooting");
            default -> googleError(failure.status(), statusName(failure.status()), failure.message());
        };
    }

    private static String statusName(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
    }

    private static ObjectNode googleError(int code, String status, String message) {
        ObjectNode body = Json.NODES.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        return body;
    }

    private static boolean streamWhole(Http1Connection connection, List<ObjectNode> events) throws IOException {
        connection.startChunked(200, SSE);
        sendAll(connection, events);
        connection.endChunked();
        return true;
    }

    private static boolean onlyForStreams(Http1Connection connection, FakeReply reply) throws IOException {
        connection.writeFixed(400, JSON, bytes(googleError(400, "INVALID_ARGUMENT", "Fake provider: " + reply
                + " only applies to streamed requests")));
        return true;
    }

    private static void sendAll(Http1Connection connection, List<ObjectNode> events) throws IOException {
        for (ObjectNode event : events) {
            connection.writeChunk(event(event));
        }
    }

    /** One SSE event as Google frames it: {@code data: JSON} and a blank line, with CRLF line ends. */
    private static byte[] event(JsonNode json) {
        return ("data: " + new String(bytes(json), StandardCharsets.UTF_8) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }
}

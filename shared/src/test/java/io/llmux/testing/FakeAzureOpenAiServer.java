package io.llmux.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Azure OpenAI resource for tests: POST /openai/deployments/{deployment}/chat/completions and
 * /embeddings with an {@code api-version} query and an {@code api-key} header, answering as the
 * scripted {@link FakeReply} says, in Azure's dialect of OpenAI's format: content-filter verdicts
 * on the prompt ({@code prompt_filter_results}) and on each choice ({@code content_filter_results}),
 * a stream that opens with a choiceless prompt-filter chunk (empty id, model and object, as Azure
 * sends it), and Azure's error bodies (string codes, {@code innererror} for filtered prompts).
 *
 * <p>{@link #filterOutput(boolean)} makes text answers end as Azure ends an answer its filter cut:
 * {@code finish_reason: content_filter} with a filtered category.
 */
public final class FakeAzureOpenAiServer extends FakeProviderServer {

    private static final Pattern ROUTE = Pattern.compile("/openai/deployments/([^/?]+)/(chat/completions|embeddings)(\\?.*)?");
    private static final String DONE = "[DONE]";

    private volatile boolean outputFiltered;

    private FakeAzureOpenAiServer() {
    }

    public static FakeAzureOpenAiServer start() {
        return new FakeAzureOpenAiServer();
    }

    /** http://127.0.0.1:PORT, what a gateway takes as the resource's endpoint. */
    public String endpoint() {
        return origin();
    }

    /** Whether text answers are cut by the (fake) output content filter. */
    public void filterOutput(boolean filtered) {
        this.outputFiltered = filtered;
    }

    @Override
    public void reset() {
        super.reset();
        outputFiltered = false;
    }

    @Override
    protected boolean answer(Http1Connection connection, RecordedRequest request, FakeReply reply)
            throws IOException, InterruptedException {
        Matcher route = ROUTE.matcher(request.path());
        if (!request.method().equals("POST") || !route.matches()
                || route.group(3) == null || !route.group(3).contains("api-version=")) {
            // Azure's answer to a wrong path, and to a data-plane call without api-version.
            connection.writeFixed(404, JSON, bytes(azureError("404", "Resource not found", null)));
            return true;
        }
        if (request.header("api-key").isEmpty()) {
            connection.writeFixed(401, JSON, bytes(azureError("401", "Access denied due to missing subscription key. "
                    + "Make sure to include subscription key when making requests to an API.", null)));
            return true;
        }
        JsonNode body;
        try {
            body = request.json();
        } catch (UncheckedIOException notJson) {
            connection.writeFixed(400, JSON, bytes(azureError("BadRequest", "Could not parse the JSON body of your request.", null)));
            return true;
        }
        String deployment = route.group(1);
        // Azure reports the model behind the deployment, not the deployment's name.
        String model = body.path("model").asText(deployment);
        boolean embeddings = route.group(2).equals("embeddings");
        boolean stream = !embeddings && request.streamed();
        boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
        switch (reply) {
            case FakeReply.SlowFirstByte slow -> {
                return slowFirstByte(connection, request, slow);
            }
            case FakeReply.Failure failure -> {
                Map<String, String> headers = new LinkedHashMap<>(JSON);
                if (failure.retryAfter() != null) {
                    headers.put("Retry-After", failure.retryAfter());
                    headers.put("retry-after-ms", Long.toString(Long.parseLong(failure.retryAfter()) * 1000));
                }
                connection.writeFixed(failure.status(), headers, bytes(failureBody(failure)));
                return true;
            }
            case FakeReply.ContextTooLong tooLong -> {
                // Azure keeps OpenAI's code and wording for this one.
                ObjectNode refusal = azureError("context_length_exceeded", OpenAiWireFormat.contextTooLongMessage(tooLong), "messages");
                ((ObjectNode) refusal.get("error")).put("type", "invalid_request_error");
                connection.writeFixed(400, JSON, bytes(refusal));
                return true;
            }
            case FakeReply.RejectKey ignored -> {
                connection.writeFixed(401, JSON, bytes(azureError("401", "Access denied due to invalid subscription key "
                        + "or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a "
                        + "correct regional API endpoint for your resource.", null)));
                return true;
            }
            case FakeReply.Text text when embeddings -> {
                connection.writeFixed(200, JSON, bytes(OpenAiWireFormat.embeddings(model, inputCount(body))));
                return true;
            }
            case FakeReply.Text text when stream -> {
                return streamWhole(connection, model, text, usage);
            }
            case FakeReply.Truncated truncated when stream -> {
                return streamWhole(connection, model, truncated, usage);
            }
            case FakeReply.ToolCall call when stream -> {
                return streamWhole(connection, model, call, usage);
            }
            case FakeReply.Text text -> {
                connection.writeFixed(200, JSON, bytes(completion(model, text)));
                return true;
            }
            case FakeReply.Truncated truncated -> {
                connection.writeFixed(200, JSON, bytes(completion(model, truncated)));
                return true;
            }
            case FakeReply.ToolCall call -> {
                connection.writeFixed(200, JSON, bytes(completion(model, call)));
                return true;
            }
            case FakeReply.Malformed ignored when stream -> {
                connection.startChunked(200, SSE);
                connection.writeChunk(sseEvent(promptFilterChunk()));
                sendChunks(connection, withFilterResults(OpenAiWireFormat.textChunks(model, FakeReply.PANGRAM, 1)));
                connection.writeChunk("data: {\"id\":\"chatcmpl-fake\",\"choices\":[{\"delta\":\n\n".getBytes(StandardCharsets.UTF_8));
                connection.writeChunk(sseEvent(DONE));
                connection.endChunked();
                return true;
            }
            case FakeReply.Malformed ignored -> {
                byte[] whole = bytes(completion(model, FakeReply.text(FakeReply.PANGRAM)));
                connection.writeFixed(200, JSON, Arrays.copyOf(whole, whole.length / 2));
                return true;
            }
            case FakeReply.Cut cut when stream -> {
                startStream(connection, model, cut.chunks());
                return false;
            }
            case FakeReply.Cut ignored -> {
                connection.writeTruncatedAndCut(200, JSON, bytes(completion(model, FakeReply.text(FakeReply.PANGRAM))));
                return false;
            }
            case FakeReply.EndWithoutDone end when stream -> {
                startStream(connection, model, end.chunks());
                connection.endChunked();
                return true;
            }
            case FakeReply.MidStreamError error when stream -> {
                startStream(connection, model, error.chunks());
                connection.writeChunk(sseEvent(azureError("InternalServerError", error.message(), null)));
                connection.endChunked();
                return true;
            }
            case FakeReply.Stall stall when stream -> {
                startStream(connection, model, stall.chunks());
                return fallSilent(connection, stall.silence());
            }
            case FakeReply.EndWithoutDone _, FakeReply.Stall _, FakeReply.MidStreamError _ -> {
                return onlyForStreams(connection, reply);
            }
        }
    }

    private ObjectNode completion(String model, FakeReply answer) {
        ObjectNode body = OpenAiWireFormat.completion(model, answer);
        body.set("prompt_filter_results", promptFilterResults());
        ObjectNode choice = (ObjectNode) body.path("choices").path(0);
        if (outputFiltered && !(answer instanceof FakeReply.ToolCall)) {
            choice.put("finish_reason", "content_filter");
            choice.set("content_filter_results", filterResults(true));
        } else {
            choice.set("content_filter_results", filterResults(false));
        }
        return body;
    }

    private boolean streamWhole(Http1Connection connection, String model, FakeReply answer, boolean usage) throws IOException {
        connection.startChunked(200, SSE);
        connection.writeChunk(sseEvent(promptFilterChunk()));
        List<ObjectNode> chunks = withFilterResults(OpenAiWireFormat.chunks(model, answer));
        if (outputFiltered && !(answer instanceof FakeReply.ToolCall)) {
            ObjectNode last = (ObjectNode) chunks.getLast().path("choices").path(0);
            last.put("finish_reason", "content_filter");
            last.set("content_filter_results", filterResults(true));
        }
        sendChunks(connection, chunks);
        if (usage) {
            connection.writeChunk(sseEvent(OpenAiWireFormat.usageChunk(model)));
        }
        connection.writeChunk(sseEvent(DONE));
        connection.endChunked();
        return true;
    }

    /** The filter chunk and the first {@code words} content chunks of a stream that is about to go wrong. */
    private static void startStream(Http1Connection connection, String model, int words) throws IOException {
        connection.startChunked(200, SSE);
        connection.writeChunk(sseEvent(promptFilterChunk()));
        sendChunks(connection, withFilterResults(OpenAiWireFormat.textChunks(model, FakeReply.PANGRAM, words)));
    }

    /** Azure's first chunk: no choices, an empty envelope, the verdict on the prompt. */
    private static ObjectNode promptFilterChunk() {
        ObjectNode chunk = Json.NODES.objectNode();
        chunk.putArray("choices");
        chunk.put("created", 0);
        chunk.put("id", "");
        chunk.put("model", "");
        chunk.put("object", "");
        chunk.set("prompt_filter_results", promptFilterResults());
        return chunk;
    }

    /** Azure adds the output verdict to every chunk that carries content; the role chunk gets an empty one. */
    private static List<ObjectNode> withFilterResults(List<ObjectNode> chunks) {
        List<ObjectNode> decorated = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            ObjectNode chunk = chunks.get(i);
            ObjectNode choice = (ObjectNode) chunk.path("choices").path(0);
            boolean hasContent = !choice.path("delta").path("content").asText("").isEmpty();
            choice.set("content_filter_results", hasContent ? filterResults(false) : Json.NODES.objectNode());
            decorated.add(chunk);
        }
        return decorated;
    }

    private static ArrayNode promptFilterResults() {
        ArrayNode results = Json.NODES.arrayNode();
        ObjectNode prompt = results.addObject();
        prompt.put("prompt_index", 0);
        ObjectNode verdict = filterResults(false);
        verdict.putObject("jailbreak").put("filtered", false).put("detected", false);
        prompt.set("content_filter_results", verdict);
        return results;
    }

    private static ObjectNode filterResults(boolean violenceFiltered) {
        ObjectNode results = Json.NODES.objectNode();
        for (String category : List.of("hate", "self_harm", "sexual", "violence")) {
            boolean filtered = violenceFiltered && category.equals("violence");
            results.putObject(category).put("filtered", filtered).put("severity", filtered ? "high" : "safe");
        }
        return results;
    }

    private static ObjectNode failureBody(FakeReply.Failure failure) {
        if ("content_filter".equals(failure.code())) {
            ObjectNode body = azureError("content_filter", failure.message(), "prompt");
            ObjectNode error = (ObjectNode) body.get("error");
            error.put("status", 400);
            ObjectNode inner = error.putObject("innererror");
            inner.put("code", "ResponsibleAIPolicyViolation");
            ObjectNode verdict = filterResults(false);
            verdict.putObject("hate").put("filtered", true).put("severity", "high");
            verdict.putObject("jailbreak").put("filtered", false).put("detected", false);
            inner.set("content_filter_result", verdict);
            return body;
        }
        if (failure.status() == 429) {
            // Azure's code is the status as a string, and its message says when to retry.
            return azureError("429", "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version "
                    + "2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after "
                    + failure.retryAfter() + " seconds.", null);
        }
        String code = failure.status() >= 500 ? "InternalServerError" : failure.code() != null ? failure.code() : Integer.toString(failure.status());
        return azureError(code, failure.message(), null);
    }

    private static ObjectNode azureError(String code, String message, String param) {
        ObjectNode body = Json.NODES.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("param", param);
        error.putNull("type");
        return body;
    }

    private static boolean onlyForStreams(Http1Connection connection, FakeReply reply) throws IOException {
        connection.writeFixed(400, JSON, bytes(azureError("fake_misuse", "Fake provider: " + reply
                + " only applies to streamed requests", null)));
        return true;
    }

    private static int inputCount(JsonNode body) {
        JsonNode input = body.path("input");
        return input.isArray() && !input.isEmpty() && !input.get(0).isNumber() ? input.size() : 1;
    }
}

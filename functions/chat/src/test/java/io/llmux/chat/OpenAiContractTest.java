package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.RawHttp;
import io.llmux.testing.OpenApiContract;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every response shape the gateway produces on its OpenAI routes validates against OpenAI's own
 * OpenAPI document; and every request these tests send validates too, so the inputs are ones a
 * real OpenAI client could send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiContractTest {

    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Weather in a city",
             "parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city","days"]}}}""";

    private GatewayServer gateway;
    private RawHttp http;

    @BeforeAll
    void start() {
        gateway = GatewayServer.start(Map.of("llmux.max-request-bytes", MAX_REQUEST_BYTES));
        http = gateway.http();
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    // ---- chat completions --------------------------------------------------------------------

    @Test
    void plainTextAnswer() {
        JsonNode answer = chat("""
                {"model":"mock-chat","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":"Hello there"}],
                 "temperature":0.2,"top_p":0.9,"seed":7,"user":"contract-test"}""");
        JsonNode choice = answer.get("choices").get(0);
        assertEquals("stop", choice.get("finish_reason").asText());
        assertTrue(choice.get("message").get("content").asText().endsWith("You said: Hello there"), answer.toString());
    }

    @Test
    void answerWithToolCalls() {
        JsonNode answer = chat("""
                {"model":"mock-chat","messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[%s],"tool_choice":"auto"}""".formatted(WEATHER_TOOL));
        JsonNode choice = answer.get("choices").get(0);
        assertEquals("tool_calls", choice.get("finish_reason").asText());
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertEquals("get_weather", call.get("function").get("name").asText());
        assertEquals(json("{\"city\":\"mock\",\"days\":0}"), json(call.get("function").get("arguments").asText()));
    }

    @Test
    void answerToAToolResult() {
        JsonNode answer = chat("""
                {"model":"mock-chat","tools":[%s],"messages":[
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\",\\"days\\":1}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"Sunny, 21 C"}]}""".formatted(WEATHER_TOOL));
        assertEquals("The tool returned: Sunny, 21 C", answer.get("choices").get(0).get("message").get("content").asText());
    }

    @Test
    void twoChoices() {
        JsonNode answer = chat("""
                {"model":"mock-chat","n":2,"messages":[{"role":"user","content":"Two, please"}]}""");
        assertEquals(2, answer.get("choices").size());
        assertEquals(1, answer.get("choices").get(1).get("index").asInt());
    }

    @Test
    void jsonObjectResponseFormat() {
        JsonNode answer = chat("""
                {"model":"mock-chat","response_format":{"type":"json_object"},
                 "messages":[{"role":"user","content":"Answer in JSON"}]}""");
        JsonNode content = json(answer.get("choices").get(0).get("message").get("content").asText());
        assertTrue(content.isObject(), content.toString());
    }

    @Test
    void answerCutByMaxTokens() {
        JsonNode answer = chat("""
                {"model":"mock-chat","max_tokens":3,"messages":[{"role":"user","content":"Say a lot"}]}""");
        JsonNode choice = answer.get("choices").get(0);
        assertEquals("length", choice.get("finish_reason").asText());
        assertEquals(3, answer.get("usage").get("completion_tokens").asInt());
    }

    @Test
    void multimodalRequest() {
        JsonNode answer = chat("""
                {"model":"mock-chat","max_completion_tokens":100,"stop":["\\n\\n"],"messages":[{"role":"user","content":[
                  {"type":"text","text":"What is in this image?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}}]}]}""");
        assertTrue(answer.get("choices").get(0).get("message").get("content").asText().contains("What is in this image?"));
    }

    // ---- streaming ---------------------------------------------------------------------------

    @Test
    void streamedAnswerWithoutUsage() {
        OpenApiContract.StreamEvents events = stream("""
                {"model":"mock-chat","stream":true,"messages":[{"role":"user","content":"Stream this"}]}""");
        assertTrue(events.done());
        assertFalse(events.chunks().stream().anyMatch(chunk -> chunk.has("usage") && !chunk.get("usage").isNull()),
                "usage was not asked for");
        assertEquals("stop", events.chunks().getLast().get("choices").get(0).get("finish_reason").asText());
        assertTrue(text(events.chunks()).endsWith("You said: Stream this"), text(events.chunks()));
    }

    @Test
    void streamedAnswerWithUsage() {
        OpenApiContract.StreamEvents events = stream("""
                {"model":"mock-chat","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"Count me"}]}""");
        JsonNode last = events.chunks().getLast();
        assertEquals(0, last.get("choices").size(), "the usage chunk has no choices");
        assertTrue(last.get("usage").get("total_tokens").asInt() > 0, last.toString());
    }

    @Test
    void streamedToolCall() {
        OpenApiContract.StreamEvents events = stream("""
                {"model":"mock-chat","stream":true,"stream_options":{"include_usage":true},"tools":[%s],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                 "messages":[{"role":"user","content":"Weather?"}]}""".formatted(WEATHER_TOOL));
        StringBuilder arguments = new StringBuilder();
        String finishReason = null;
        for (JsonNode chunk : events.chunks()) {
            for (JsonNode choice : chunk.get("choices")) {
                for (JsonNode call : choice.path("delta").path("tool_calls")) {
                    arguments.append(call.path("function").path("arguments").asText(""));
                }
                if (!choice.path("finish_reason").isNull()) {
                    finishReason = choice.get("finish_reason").asText();
                }
            }
        }
        assertEquals("tool_calls", finishReason);
        assertEquals(json("{\"city\":\"mock\",\"days\":0}"), json(arguments.toString()));
    }

    @Test
    void streamedTwoChoicesCutByMaxTokens() {
        OpenApiContract.StreamEvents events = stream("""
                {"model":"mock-chat","stream":true,"n":2,"max_tokens":2,"messages":[{"role":"user","content":"Go on"}]}""");
        long lengthFinishes = events.chunks().stream()
                .flatMap(chunk -> chunk.get("choices").valueStream())
                .filter(choice -> "length".equals(choice.path("finish_reason").asText()))
                .count();
        assertEquals(2, lengthFinishes);
    }

    // ---- embeddings --------------------------------------------------------------------------

    @Test
    void floatEmbeddings() {
        JsonNode answer = embed("""
                {"model":"mock-embedding","input":["first text","second text"],"encoding_format":"float"}""");
        assertEquals(2, answer.get("data").size());
        assertEquals(256, answer.get("data").get(0).get("embedding").size());
    }

    @Test
    void base64Embeddings() {
        // The spec types embedding as an array of floats only, though a base64 string is what
        // OpenAI itself sends when asked for it: that one difference is the only one allowed.
        String request = """
                {"model":"mock-embedding","input":"some text","encoding_format":"base64","dimensions":64}""";
        OpenApiContract.assertValid("CreateEmbeddingRequest", request);
        RawHttp.Response response = http.post("/v1/embeddings", request);
        assertEquals(200, response.status(), response.toString());
        JsonNode answer = response.json();
        JsonNode item = answer.get("data").get(0);
        byte[] floats = Base64.getDecoder().decode(item.get("embedding").asText());
        assertEquals(64 * Float.BYTES, floats.length);
        assertEquals(List.of("/data/0/embedding: string found, array expected"),
                OpenApiContract.violations("CreateEmbeddingResponse", answer));
    }

    // ---- models ------------------------------------------------------------------------------

    @Test
    void modelList() {
        RawHttp.Response response = http.get("/v1/models");
        assertEquals(200, response.status(), response.toString());
        OpenApiContract.assertValid("ListModelsResponse", response.json());
        List<String> ids = response.json().get("data").valueStream().map(model -> model.get("id").asText()).toList();
        assertTrue(ids.containsAll(List.of("mock-chat", "mock-embedding")), ids.toString());
    }

    @Test
    void singleModel() {
        RawHttp.Response response = http.get("/v1/models/mock-chat");
        assertEquals(200, response.status(), response.toString());
        OpenApiContract.assertValid("Model", response.json());
        assertEquals("mock-chat", response.json().get("id").asText());
    }

    // ---- errors ------------------------------------------------------------------------------

    @Test
    void badRequest() {
        error(http.post("/v1/chat/completions", "{\"model\":\"mock-chat\"}"), 400, "invalid_request_error", "messages");
        error(http.post("/v1/chat/completions", "{\"model\":"), 400, "invalid_request_error", null);
        error(http.post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":[]}"), 400, "invalid_request_error", "input");
    }

    @Test
    void unknownModel() {
        String chat = """
                {"model":"no-such-model","messages":[{"role":"user","content":"Hi"}]}""";
        OpenApiContract.assertValid("CreateChatCompletionRequest", chat);
        JsonNode body = error(http.post("/v1/chat/completions", chat), 404, "invalid_request_error", "model");
        assertEquals("model_not_found", body.get("error").get("code").asText());

        String streamed = chat.replace("{\"model\"", "{\"stream\":true,\"model\"");
        body = error(http.post("/v1/chat/completions", streamed), 404, "invalid_request_error", "model");
        assertEquals("model_not_found", body.get("error").get("code").asText());

        body = error(http.post("/v1/embeddings", "{\"model\":\"no-such-model\",\"input\":\"x\"}"), 404, "invalid_request_error", "model");
        assertEquals("model_not_found", body.get("error").get("code").asText());

        body = error(http.get("/v1/models/no-such-model"), 404, "invalid_request_error", "model");
        assertEquals("model_not_found", body.get("error").get("code").asText());
    }

    @Test
    void unknownUrl() {
        error(http.get("/v1/no-such-route"), 404, "invalid_request_error", null);
        error(http.post("/v2/chat/completions", "{}"), 404, "invalid_request_error", null);
    }

    @Test
    void wrongMethod() {
        error(http.get("/v1/chat/completions"), 405, "invalid_request_error", null);
        error(http.delete("/v1/models"), 405, "invalid_request_error", null);
    }

    @Test
    void bodyTooLarge() {
        String big = "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(MAX_REQUEST_BYTES) + "\"}]}";
        error(http.post("/v1/chat/completions", big), 413, "invalid_request_error", null);
        error(http.post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"" + "a".repeat(MAX_REQUEST_BYTES) + "\"}"),
                413, "invalid_request_error", null);
    }

    @Test
    void unsupportedMediaType() {
        byte[] body = "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}".getBytes(StandardCharsets.UTF_8);
        error(http.send("POST", "/v1/chat/completions", "text/plain", body), 415, "invalid_request_error", null);
        error(http.send("POST", "/v1/embeddings", "application/x-www-form-urlencoded", body), 415, "invalid_request_error", null);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private JsonNode chat(String request) {
        OpenApiContract.assertValid("CreateChatCompletionRequest", request);
        RawHttp.Response response = http.post("/v1/chat/completions", request);
        assertEquals(200, response.status(), response.toString());
        assertTrue(response.contentType().startsWith("application/json"), response.toString());
        OpenApiContract.assertValid("CreateChatCompletionResponse", response.json());
        return response.json();
    }

    private OpenApiContract.StreamEvents stream(String request) {
        OpenApiContract.assertValid("CreateChatCompletionRequest", request);
        RawHttp.Response response = http.post("/v1/chat/completions", request);
        assertEquals(200, response.status(), response.toString());
        assertTrue(response.contentType().startsWith("text/event-stream"), response.toString());
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertTrue(events.done(), "the stream ends with [DONE]");
        assertNull(events.error());
        return events;
    }

    private JsonNode embed(String request) {
        OpenApiContract.assertValid("CreateEmbeddingRequest", request);
        RawHttp.Response response = http.post("/v1/embeddings", request);
        assertEquals(200, response.status(), response.toString());
        OpenApiContract.assertValid("CreateEmbeddingResponse", response.json());
        return response.json();
    }

    private static JsonNode error(RawHttp.Response response, int status, String type, String param) {
        assertEquals(status, response.status(), response.toString());
        assertTrue(response.contentType().startsWith("application/json"), response.toString());
        JsonNode body = response.json();
        OpenApiContract.assertValid("ErrorResponse", body);
        assertTrue(response.headers().firstValue("x-request-id").isPresent(), "errors carry a request id: " + response);
        assertEquals(type, body.get("error").get("type").asText(), response.toString());
        assertEquals(param, body.get("error").get("param").isNull() ? null : body.get("error").get("param").asText(), response.toString());
        return body;
    }

    private static String text(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks) {
            for (JsonNode choice : chunk.get("choices")) {
                text.append(choice.path("delta").path("content").asText(""));
            }
        }
        return text.toString();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }
}

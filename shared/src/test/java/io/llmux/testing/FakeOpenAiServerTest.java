package io.llmux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fake provider itself: its wire format, and that each fault is the fault it claims to be. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FakeOpenAiServerTest {

    private final FakeOpenAiServer fake = FakeOpenAiServer.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        fake.close();
        client.close();
    }

    @Test
    void answersAChatCompletionAndRecordsTheRequest() throws Exception {
        HttpResponse<String> response = post("/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"extra\":[1]}");

        assertEquals(200, response.statusCode());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals("Hello from the fake provider.", body.at("/choices/0/message/content").asText());
        assertEquals(OpenAiWireFormat.PROMPT_TOKENS, body.at("/usage/prompt_tokens").asLong());
        OpenApiContract.assertValid("CreateChatCompletionResponse", body);
        RecordedRequest recorded = fake.lastRequest();
        assertEquals("sk-test", recorded.bearerKey());
        assertEquals("/v1/chat/completions", recorded.path());
        assertEquals("[1]", recorded.json().path("extra").toString());
    }

    @Test
    void streamsChunksThenTheUsageChunkThenDone() throws Exception {
        fake.respondWith(FakeReply.text("one two three"));

        HttpResponse<String> response = post("/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}");

        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertTrue(OpenApiContract.assertValidStream(response.body()).done());
        List<String> events = dataLines(response.body());
        JsonNode usage = Json.MAPPER.readTree(events.get(events.size() - 2));
        assertTrue(usage.path("choices").isEmpty());
        assertEquals(OpenAiWireFormat.COMPLETION_TOKENS, usage.at("/usage/completion_tokens").asLong());
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 2)) {
            text.append(Json.MAPPER.readTree(event).at("/choices/0/delta/content").asText(""));
        }
        assertEquals("one two three", text.toString());
    }

    @Test
    void streamsAToolCallAsNameThenArgumentFragments() throws Exception {
        fake.respondWith(FakeReply.toolCall("get_weather", "{\"city\":\"Oslo\"}"));

        String body = post("/chat/completions", "{\"model\":\"m\",\"stream\":true,\"messages\":[]}").body();

        OpenApiContract.assertValidStream(body);
        List<String> events = dataLines(body);
        JsonNode first = Json.MAPPER.readTree(events.getFirst()).at("/choices/0/delta/tool_calls/0");
        assertEquals("get_weather", first.at("/function/name").asText());
        assertEquals("call_fake_1", first.path("id").asText());
        StringBuilder arguments = new StringBuilder();
        for (String event : events.subList(1, events.size() - 2)) {
            arguments.append(Json.MAPPER.readTree(event).at("/choices/0/delta/tool_calls/0/function/arguments").asText());
        }
        assertEquals("{\"city\":\"Oslo\"}", arguments.toString());
        assertEquals("tool_calls", Json.MAPPER.readTree(events.get(events.size() - 2)).at("/choices/0/finish_reason").asText());
    }

    @Test
    void answersEmbeddingsInOpenAisShape() throws Exception {
        HttpResponse<String> response = post("/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}");

        assertEquals(200, response.statusCode());
        OpenApiContract.assertValid("CreateEmbeddingResponse", response.body());
        assertEquals(2, Json.MAPPER.readTree(response.body()).path("data").size());
    }

    @Test
    void cutStreamBreaksTheConnectionWhileEndWithoutDoneEndsCleanly() throws Exception {
        fake.respondWith(FakeReply.cutAfter(2));
        assertThrows(IOException.class, () -> post("/chat/completions", "{\"model\":\"m\",\"stream\":true,\"messages\":[]}"));

        fake.respondWith(FakeReply.endWithoutDone(2));
        List<String> events = dataLines(post("/chat/completions", "{\"model\":\"m\",\"stream\":true,\"messages\":[]}").body());
        assertEquals(3, events.size(), "role chunk and two words");
        assertFalse(events.contains("[DONE]"));
    }

    @Test
    void rateLimitCarriesRetryAfterAndRejectedKeyIsEchoed() throws Exception {
        fake.respondWith(FakeReply.rateLimited(9));
        HttpResponse<String> limited = post("/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
        assertEquals(429, limited.statusCode());
        assertEquals("9", limited.headers().firstValue("Retry-After").orElse(null));
        OpenApiContract.assertValid("ErrorResponse", limited.body());

        fake.respondWith(FakeReply.rejectKey());
        HttpResponse<String> rejected = post("/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
        assertEquals(401, rejected.statusCode());
        assertTrue(rejected.body().contains("sk-test"), rejected.body());
    }

    @Test
    void closingDropsASlowReplyAndFreesThePort() {
        fake.respondWith(FakeReply.slowFirstByte(Duration.ofMinutes(5)));
        var pending = client.sendAsync(request("/chat/completions", "{\"model\":\"m\",\"messages\":[]}"),
                HttpResponse.BodyHandlers.ofString());
        while (fake.requests().isEmpty()) {
            Thread.onSpinWait();
        }

        fake.close();

        assertThrows(Exception.class, pending::join, "the slow reply was dropped, not finished");
        assertThrows(ConnectException.class, () -> post("/chat/completions", "{}"));
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return client.send(request(path, json), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String json) {
        return HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .header("Authorization", "Bearer sk-test")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static List<String> dataLines(String sse) {
        return SseEvents.data(sse);
    }
}

package io.llmux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Anthropic fake itself: its event sequence, its errors, and the requests it refuses as the real API does. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FakeAnthropicServerTest {

    private static final String HELLO = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    private final FakeAnthropicServer fake = FakeAnthropicServer.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        fake.close();
        client.close();
    }

    private HttpResponse<String> post(String body, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/messages"))
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withKey) {
            request.header("x-api-key", "sk-ant-test");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The event names of an SSE body, in order. */
    private static List<String> eventNames(String body) {
        List<String> names = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("event: ")) {
                names.add(line.substring("event: ".length()));
            }
        }
        return names;
    }

    @Test
    void answersAMessageWithUsage() throws Exception {
        HttpResponse<String> response = post(HELLO + "}", true);

        assertEquals(200, response.statusCode());
        JsonNode message = Json.MAPPER.readTree(response.body());
        assertEquals("message", message.path("type").asText());
        assertEquals("Hello from the fake provider.", message.at("/content/0/text").asText());
        assertEquals("end_turn", message.path("stop_reason").asText());
        assertEquals(OpenAiWireFormat.PROMPT_TOKENS, message.at("/usage/input_tokens").asLong());
        assertEquals(OpenAiWireFormat.COMPLETION_TOKENS, message.at("/usage/output_tokens").asLong());
    }

    @Test
    void streamsAnthropicsEventSequence() throws Exception {
        fake.respondWith(FakeReply.text("one two"));

        HttpResponse<String> response = post(HELLO + ",\"stream\":true}", true);

        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop"), eventNames(response.body()));
        List<String> data = SseEvents.data(response.body());
        JsonNode delta = Json.MAPPER.readTree(data.get(6));
        assertEquals("end_turn", delta.at("/delta/stop_reason").asText());
        assertEquals(OpenAiWireFormat.COMPLETION_TOKENS, delta.at("/usage/output_tokens").asLong());
    }

    @Test
    void streamsAToolCallAsInputJsonDeltas() throws Exception {
        fake.respondWith(FakeReply.toolCall("get_weather", "{\"city\":\"Oslo\"}"));

        List<String> data = SseEvents.data(post(HELLO + ",\"stream\":true}", true).body());

        JsonNode start = Json.MAPPER.readTree(data.get(1)).path("content_block");
        assertEquals("tool_use", start.path("type").asText());
        assertEquals("get_weather", start.path("name").asText());
        StringBuilder json = new StringBuilder();
        for (String event : data) {
            json.append(Json.MAPPER.readTree(event).at("/delta/partial_json").asText(""));
        }
        assertEquals("{\"city\":\"Oslo\"}", json.toString());
    }

    @Test
    void failsAsAnthropicDoes() throws Exception {
        HttpResponse<String> noKey = post(HELLO + "}", false);
        assertEquals(401, noKey.statusCode());
        assertEquals("authentication_error", Json.MAPPER.readTree(noKey.body()).at("/error/type").asText());

        fake.respondWith(FakeAnthropicServer.overloaded());
        HttpResponse<String> overloaded = post(HELLO + "}", true);
        assertEquals(529, overloaded.statusCode());
        assertEquals("overloaded_error", Json.MAPPER.readTree(overloaded.body()).at("/error/type").asText());

        fake.respondWith(FakeReply.rateLimited(7));
        HttpResponse<String> limited = post(HELLO + "}", true);
        assertEquals(429, limited.statusCode());
        assertEquals("7", limited.headers().firstValue("retry-after").orElse(null));
        assertEquals("rate_limit_error", Json.MAPPER.readTree(limited.body()).at("/error/type").asText());

        fake.respondWith(FakeReply.midStreamError(1, "Overloaded"));
        String stream = post(HELLO + ",\"stream\":true}", true).body();
        assertEquals("error", eventNames(stream).getLast());
        assertTrue(!eventNames(stream).contains("message_stop"));
    }

    @Test
    void refusesWhatTheRealApiRefuses() throws Exception {
        HttpResponse<String> noLimit = post("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", true);
        assertEquals(400, noLimit.statusCode());
        assertTrue(noLimit.body().contains("max_tokens"));

        HttpResponse<String> twoUsers = post("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"user\",\"content\":\"b\"}]}", true);
        assertEquals(400, twoUsers.statusCode());
        assertTrue(twoUsers.body().contains("alternate"));

        HttpResponse<String> openAiField = post(HELLO + ",\"n\":1}", true);
        assertEquals(400, openAiField.statusCode());
        assertTrue(openAiField.body().contains("n: Extra inputs are not permitted"));
    }
}

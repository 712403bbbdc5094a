package io.llmux.chat.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.AnthropicEvents;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.openai.ChatRequestParser;
import io.llmux.tenancy.DevTenantSeeder;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.tenancy.TenantSettings;
import io.llmux.testing.RawHttp;
import io.llmux.tokens.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/messages} and {@code /v1/messages/count_tokens} over raw HTTP, served by the
 * built-in mock provider: Anthropic's message and event shapes, the headers LLMux adds, and the
 * route's own errors.
 */
class AnthropicMessagesTest {

    private static final String WEATHER_TOOL = """
            {"name":"get_weather","description":"Current weather in a city",
             "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}""";

    private static GatewayServer gateway;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        gateway = GatewayServer.start();
        http = new RawHttp(gateway.uri()).with("x-api-key", GatewayServer.API_KEY).with("anthropic-version", "2023-06-01");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String body(String text, String extra) {
        return "{\"model\":\"mock-chat\",\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]" + extra + "}";
    }

    @Test
    void aMessageComesBackInAnthropicsShape() {
        RawHttp.Response response = http.post("/v1/messages", body("Hello there", ""));

        assertEquals(200, response.status(), response.toString());
        JsonNode message = response.json();
        assertTrue(message.path("id").asText().matches("msg_[0-9a-f]{24}"), message.toString());
        assertEquals("message", message.path("type").asText());
        assertEquals("assistant", message.path("role").asText());
        assertEquals("mock-chat", message.path("model").asText());
        assertEquals(1, message.path("content").size(), message.toString());
        assertEquals("text", message.at("/content/0/type").asText());
        assertEquals("This is a mock reply from LLMux. You said: Hello there", message.at("/content/0/text").asText());
        assertEquals("end_turn", message.path("stop_reason").asText());
        assertTrue(message.path("stop_sequence").isNull());
        assertTrue(message.at("/usage/input_tokens").asLong() > 0, message.toString());
        assertTrue(message.at("/usage/output_tokens").asLong() > 0, message.toString());
        assertEquals(0, message.at("/usage/cache_read_input_tokens").asLong());
        assertEquals("mock", response.header("x-llmux-provider"));
        assertEquals("bypass", response.header("x-llmux-cache"));
        assertNotNull(response.header("x-request-id"));
        assertEquals(response.header("x-request-id"), response.header("request-id"));
        assertEquals(1, response.headers().allValues("x-request-id").size(), "one request id, not two");
    }

    @Test
    void aLengthCutIsMaxTokens() {
        RawHttp.Response response = http.post("/v1/messages",
                body("Hello there", "").replace("\"max_tokens\":256", "\"max_tokens\":3"));
        assertEquals(200, response.status(), response.toString());
        assertEquals("max_tokens", response.json().path("stop_reason").asText());
        assertEquals(3, response.json().at("/usage/output_tokens").asLong());
    }

    @Test
    void aStreamIsAnthropicsEventSequence() {
        RawHttp.Response response = http.post("/v1/messages", body("Stream me", ",\"stream\":true"));

        assertEquals(200, response.status(), response.toString());
        assertTrue(response.contentType().startsWith("text/event-stream"), response.toString());
        assertEquals("mock", response.header("x-llmux-provider"));
        assertNotNull(response.header("x-llmux-cache"));
        AnthropicEvents events = AnthropicEvents.parse(response.body());
        List<String> names = events.namesWithoutPings();
        assertEquals("message_start", names.getFirst());
        assertEquals("content_block_start", names.get(1));
        assertEquals(List.of("content_block_stop", "message_delta", "message_stop"), names.subList(names.size() - 3, names.size()));
        assertTrue(names.subList(2, names.size() - 3).stream().allMatch("content_block_delta"::equals), names.toString());
        assertEquals("text", events.first("content_block_start").at("/content_block/type").asText());
        assertEquals("This is a mock reply from LLMux. You said: Stream me", events.text());
        JsonNode start = events.first("message_start").path("message");
        assertTrue(start.path("id").asText().startsWith("msg_"));
        assertEquals(0, start.path("content").size());
        JsonNode delta = events.first("message_delta");
        assertEquals("end_turn", delta.at("/delta/stop_reason").asText());
        assertTrue(delta.at("/usage/output_tokens").asLong() > 0, delta.toString());
        assertTrue(delta.at("/usage/input_tokens").asLong() > 0, delta.toString());
    }

    @Test
    void aToolCallIsAToolUseBlockAndTheResultGoesBack() {
        RawHttp.Response call = http.post("/v1/messages", body("Weather in Oslo?", ",\"tools\":[" + WEATHER_TOOL + "]"));

        assertEquals(200, call.status(), call.toString());
        JsonNode message = call.json();
        assertEquals("tool_use", message.path("stop_reason").asText());
        JsonNode block = message.at("/content/0");
        assertEquals("tool_use", block.path("type").asText());
        assertEquals("get_weather", block.path("name").asText());
        assertTrue(block.path("input").isObject(), "input is an object, not a string: " + block);
        assertEquals("mock", block.at("/input/city").asText());
        String id = block.path("id").asText();

        RawHttp.Response answer = http.post("/v1/messages", """
                {"model":"mock-chat","max_tokens":256,"tools":[%s],"messages":[
                 {"role":"user","content":"Weather in Oslo?"},
                 {"role":"assistant","content":[{"type":"tool_use","id":"%s","name":"get_weather","input":{"city":"Oslo"}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"%s","content":"-3 C, snow"}]}]}"""
                .formatted(WEATHER_TOOL, id, id));
        assertEquals(200, answer.status(), answer.toString());
        assertEquals("The tool returned: -3 C, snow", answer.json().at("/content/0/text").asText());
        assertEquals("end_turn", answer.json().path("stop_reason").asText());
    }

    @Test
    void aStreamedToolCallIsAToolUseBlockWithInputJsonDeltas() {
        RawHttp.Response response = http.post("/v1/messages", body("Weather?", ",\"stream\":true,\"tools\":[" + WEATHER_TOOL + "]"));

        assertEquals(200, response.status(), response.toString());
        AnthropicEvents events = AnthropicEvents.parse(response.body());
        JsonNode start = events.first("content_block_start");
        assertEquals("tool_use", start.at("/content_block/type").asText());
        assertEquals("get_weather", start.at("/content_block/name").asText());
        assertTrue(start.at("/content_block/input").isObject());
        assertEquals("{\"city\":\"mock\"}", events.toolInput(start.path("index").asInt()).toString());
        assertEquals("tool_use", events.first("message_delta").at("/delta/stop_reason").asText());
    }

    @Test
    void countTokensCountsWhatTheCanonicalRequestWouldCost() {
        String messages = "{\"model\":\"mock-chat\",\"system\":\"Be terse.\",\"messages\":[{\"role\":\"user\",\"content\":\"How many tokens is this?\"}]}";
        RawHttp.Response response = http.post("/v1/messages/count_tokens", messages);

        assertEquals(200, response.status(), response.toString());
        long expected = new TokenCounter().countPrompt(ChatRequestParser.parse(("{\"model\":\"mock-chat\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be terse.\"},{\"role\":\"user\",\"content\":\"How many tokens is this?\"}]}")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, response.json().path("input_tokens").asLong(), response.toString());
        assertEquals(1, response.json().size(), "only input_tokens: " + response.body());

        RawHttp.Response withTools = http.post("/v1/messages/count_tokens",
                messages.replace("\"messages\"", "\"tools\":[" + WEATHER_TOOL + "],\"messages\""));
        assertTrue(withTools.json().path("input_tokens").asLong() > expected, "tools cost tokens too: " + withTools);
    }

    @Test
    void countTokensIsAuthenticatedAndKnowsTheModels() {
        String body = "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        assertError(new RawHttp(gateway.uri()).post("/v1/messages/count_tokens", body), 401, "authentication_error");
        assertError(http.post("/v1/messages/count_tokens", body.replace("mock-chat", "claude-nonexistent")), 404, "not_found_error");
        assertError(http.post("/v1/messages/count_tokens", "{\"model\":\"mock-chat\"}"), 400, "invalid_request_error");
    }

    @Test
    void theKeyIsTakenFromXApiKeyOrBearerAndIsRequired() {
        String body = body("Hi", "");
        RawHttp none = new RawHttp(gateway.uri());
        assertEquals(200, none.with("x-api-key", GatewayServer.API_KEY).post("/v1/messages", body).status());
        assertEquals(200, new RawHttp(gateway.uri(), "Bearer " + GatewayServer.API_KEY).post("/v1/messages", body).status());
        // anthropic-version is tolerated whatever it says, and not required.
        assertEquals(200, none.with("x-api-key", GatewayServer.API_KEY).with("anthropic-version", "1999-01-01")
                .with("anthropic-beta", "prompt-caching-2024-07-31").post("/v1/messages", body).status());

        JsonNode missing = assertError(none.post("/v1/messages", body), 401, "authentication_error");
        assertTrue(missing.at("/error/message").asText().contains("x-api-key"), missing.toString());
        String guess = "llmux-sk-not-a-real-key-0123456789abcdef";
        JsonNode wrong = assertError(none.with("x-api-key", guess).post("/v1/messages", body), 401, "authentication_error");
        assertFalse(wrong.toString().contains(guess), "a key is never echoed");
        assertError(none.with("x-api-key", "sk-ant-api03-someone-elses-key").post("/v1/messages", body), 401, "authentication_error");
        assertError(new RawHttp(gateway.uri(), "Bearer " + guess).post("/v1/messages", body("Hi", ",\"stream\":true")), 401,
                "authentication_error");
    }

    @Test
    void aModelTheKeyMayNotUseIs403AndAnUnknownModel404() {
        TenantAdmin admin = gateway.context().getBean(TenantAdmin.class);
        var tenant = admin.createTenant("anthropic-403", TenantSettings.DEFAULTS, Map.of());
        var key = admin.createKey(tenant.id(), "k", java.util.Set.of(), List.of("mock-embedding"), Limits.NONE,
                io.llmux.tenancy.Budgets.NONE, null);
        RawHttp restricted = new RawHttp(gateway.uri()).with("x-api-key", key.secret());
        JsonNode forbidden = assertError(restricted.post("/v1/messages", body("Hi", "")), 403, "permission_error");
        assertTrue(forbidden.at("/error/message").asText().contains("mock-chat"), forbidden.toString());
        assertError(http.post("/v1/messages", body("Hi", "").replace("mock-chat", "claude-sonnet-4-5")), 404, "not_found_error");
    }

    @Test
    void aRateLimitedCallIs429WithRetryAfterAndTheRateLimitHeaders() {
        try (GatewayServer limited = GatewayServer.start()) {
            limited.context().getBean(TenantAdmin.class).updateTenant(DevTenantSeeder.TENANT_ID, null, null,
                    new TenantSettings(List.of(), null, new Limits(1, null, null), TenantSettings.DEFAULTS.budgets(), "UTC"), null);
            RawHttp client = new RawHttp(limited.uri()).with("x-api-key", GatewayServer.API_KEY);
            RawHttp.Response first = client.post("/v1/messages", body("Hi", ""));
            assertEquals(200, first.status(), first.toString());
            assertEquals("0", first.header("x-ratelimit-remaining-requests"));
            assertNotNull(first.header("RateLimit"));

            RawHttp.Response refused = client.post("/v1/messages", body("Hi", ""));
            assertError(refused, 429, "rate_limit_error");
            assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1, refused.toString());
            assertNotNull(refused.header("RateLimit-Policy"), refused.toString());
            assertEquals("0", refused.header("x-ratelimit-remaining-requests"));
        }
    }

    @Test
    void theResponseCacheServesThisRouteToo() {
        try (GatewayServer cached = GatewayServer.start(Map.of("llmux.cache.enabled", "true"))) {
            RawHttp client = new RawHttp(cached.uri()).with("x-api-key", GatewayServer.API_KEY);
            String request = body("Cache me " + System.nanoTime(), "");
            RawHttp.Response first = client.post("/v1/messages", request);
            RawHttp.Response second = client.post("/v1/messages", request);
            assertEquals("miss", first.header("x-llmux-cache"), first.toString());
            assertEquals("hit", second.header("x-llmux-cache"), second.toString());
            assertEquals(first.json().path("content"), second.json().path("content"));
            assertEquals(first.json().path("usage"), second.json().path("usage"), "a hit reports the usage of the answer it replays");
            assertFalse(first.json().path("id").asText().equals(second.json().path("id").asText()), "each message has its own id");

            String streamed = request.substring(0, request.length() - 1) + ",\"stream\":true}";
            RawHttp.Response replay = client.post("/v1/messages", streamed);
            assertEquals("hit", replay.header("x-llmux-cache"), replay.toString());
            AnthropicEvents events = AnthropicEvents.parse(replay.body());
            assertEquals(first.json().at("/content/0/text").asText(), events.text());
            assertEquals("message_stop", events.namesWithoutPings().getLast());
        }
    }

    @Test
    void theFrameworksOwnErrorsOnTheseRoutesAreAnthropicShaped() {
        JsonNode wrongMethod = assertError(http.get("/v1/messages"), 405, "invalid_request_error");
        assertTrue(wrongMethod.path("request_id").isTextual(), wrongMethod.toString());
        assertError(http.post("/v1/messages/batches/nope", "{}"), 404, "not_found_error");
        // The OpenAI routes keep OpenAI's shape.
        RawHttp.Response openAi = http.get("/v1/nope");
        assertEquals(404, openAi.status());
        assertTrue(openAi.json().path("error").has("code"), openAi.toString());
        assertFalse(openAi.json().has("type"), openAi.toString());
    }

    /** Checks Anthropic's error shape and returns the body. */
    static JsonNode assertError(RawHttp.Response response, int status, String type) {
        assertEquals(status, response.status(), response.toString());
        assertTrue(response.contentType().startsWith("application/json"), response.toString());
        JsonNode body = response.json();
        assertEquals("error", body.path("type").asText(), response.toString());
        assertEquals(type, body.at("/error/type").asText(), response.toString());
        assertFalse(body.at("/error/message").asText().isBlank(), response.toString());
        assertEquals(2, body.path("error").size(), "error holds type and message only: " + body);
        return body;
    }
}

package io.llmux.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.simple.SimpleHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnthropicErrorMapperTest {

    private static final String KEY = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789";
    private final AnthropicErrorMapper mapper = new AnthropicErrorMapper("anthropic", KEY);

    private static HttpHeaders headers(String... namesAndValues) {
        SimpleHttpHeaders headers = new SimpleHttpHeaders(ConversionService.SHARED);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    private static byte[] error(String type, String message) {
        return ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private GatewayException status(int status, HttpHeaders headers, byte[] body) {
        return mapper.fromStatus(status, headers, body, "claude-sonnet-4-5");
    }

    @Test
    void invalidRequestsAre400WithAnthropicsMessageRedacted() {
        GatewayException e = status(400, headers(), error("invalid_request_error",
                "messages.0.content: bad input for key " + KEY + " and sk-ant-other-123456"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("Provider 'anthropic' rejected the request: messages.0.content"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-ant"), e.getMessage());
    }

    @Test
    void authFailuresAre502AndNeverRepeatTheKey() {
        for (int code : new int[] {401, 403}) {
            GatewayException e = status(code, headers(), error("authentication_error", "invalid x-api-key " + KEY));
            assertEquals(502, e.status());
            assertEquals("provider_auth_failed", e.code());
            assertFalse(e.getMessage().contains(KEY));
            assertFalse(e.getMessage().contains("x-api-key"), "the upstream message is not passed on at all");
        }
    }

    @Test
    void notFoundIsModelNotFound() {
        GatewayException e = status(404, headers(), error("not_found_error", "model: claude-sonnet-4-5"));
        assertEquals(404, e.status());
        assertEquals("model_not_found", e.code());
        assertTrue(e.getMessage().contains("'claude-sonnet-4-5'"));
    }

    @Test
    void rateLimitsKeepRetryAfter() {
        GatewayException e = status(429, headers("retry-after", "7"), error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"));
        assertEquals(ErrorType.RATE_LIMITED, e.type());
        assertEquals(Duration.ofSeconds(7), e.retryAfter());
        assertTrue(e.getMessage().contains("'anthropic'"));
    }

    @Test
    void overloadedIs503WithRetryAfter() {
        GatewayException e = status(529, headers(), error("overloaded_error", "Overloaded"));
        assertEquals(503, e.status());
        assertEquals("provider_overloaded", e.code());
        assertEquals(Duration.ofSeconds(1), e.retryAfter(), "a default when Anthropic names none");
        assertTrue(e.getMessage().contains("'anthropic'"));
        assertEquals(Duration.ofSeconds(12), status(529, headers("retry-after", "12"), error("overloaded_error", "Overloaded")).retryAfter());
    }

    @Test
    void otherServerErrorsAre502NamingTheProvider() {
        GatewayException e = status(500, headers(), error("api_error", "Internal server error"));
        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("'anthropic'"));
        assertEquals(502, status(500, headers(), "<html>oops</html>".getBytes(StandardCharsets.UTF_8)).status());
    }

    @Test
    void errorEventsMidStreamAreRedactedAndTyped() throws Exception {
        JsonNode error = Json.MAPPER.readTree("{\"type\":\"overloaded_error\",\"message\":\"Overloaded, key " + KEY + "\"}");
        GatewayException e = mapper.streamError(error);
        assertEquals("provider_overloaded", e.code());
        assertTrue(e.getMessage().contains("overloaded_error"));
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void aPromptBeyondTheContextWindowIsContextLengthExceededForRouting() {
        GatewayException e = status(400, headers(), error("invalid_request_error", "prompt is too long: 210345 tokens > 200000 maximum"));
        assertEquals(400, e.status());
        assertEquals("context_length_exceeded", e.code());
        assertEquals("messages", e.param());
        assertTrue(e.getMessage().contains("210345 tokens > 200000 maximum"), e.getMessage());
        assertEquals(io.llmux.routing.FailureKind.CONTEXT_LENGTH, io.llmux.routing.FailureKind.of(e));

        GatewayException withOutput = status(400, headers(), error("invalid_request_error",
                "input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length or `max_tokens` and try again"));
        assertEquals("context_length_exceeded", withOutput.code());
        assertEquals("invalid_request", status(400, headers(), error("invalid_request_error", "max_tokens: Field required")).code(),
                "other invalid requests keep their code");
    }
}

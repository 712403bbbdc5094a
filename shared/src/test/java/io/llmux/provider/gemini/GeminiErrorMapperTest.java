package io.llmux.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.GatewayException;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.simple.SimpleHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GeminiErrorMapperTest {

    private static final String KEY = "AIzaSyGeminiErrorMapperTest0123456789";
    private final GeminiErrorMapper mapper = new GeminiErrorMapper("gemini", KEY);

    private GatewayException map(int status, String body) {
        return mapper.fromStatus(status, new SimpleHttpHeaders(), body.getBytes(StandardCharsets.UTF_8), "gemini-2.5-pro");
    }

    @Test
    void invalidArgumentIsTheClients400WithTheKeyRedacted() {
        GatewayException e = map(400, """
                {"error":{"code":400,"message":"Invalid value at 'contents[0]' for key %s","status":"INVALID_ARGUMENT"}}""".formatted(KEY));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("Invalid value at 'contents[0]'"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void anInvalidKeyIsA502EvenThoughGoogleSays400() {
        GatewayException e = map(400, """
                {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
                 "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}""");
        assertEquals(502, e.status());
        assertEquals("provider_auth_failed", e.code());
        assertEquals(502, map(403, "{\"error\":{\"code\":403,\"message\":\"denied\",\"status\":\"PERMISSION_DENIED\"}}").status());
    }

    @Test
    void unknownModelIs404() {
        GatewayException e = map(404, "{\"error\":{\"code\":404,\"message\":\"models/nope is not found\",\"status\":\"NOT_FOUND\"}}");
        assertEquals(404, e.status());
        assertEquals("model_not_found", e.code());
    }

    @Test
    void rateLimitTakesItsDelayFromRetryInfoOrTheHeader() {
        String body = """
                {"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED",
                 "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"12.5s"}]}}""";
        GatewayException e = map(429, body);
        assertEquals(429, e.status());
        assertEquals(Duration.ofMillis(12_500), e.retryAfter());
        MutableHttpHeaders headers = new SimpleHttpHeaders();
        headers.add("Retry-After", "3");
        assertEquals(Duration.ofSeconds(3), mapper.fromStatus(429, headers, body.getBytes(StandardCharsets.UTF_8), "m").retryAfter());
    }

    @Test
    void serverErrorsNameGemini() {
        GatewayException internal = map(500, "{\"error\":{\"code\":500,\"message\":\"oops\",\"status\":\"INTERNAL\"}}");
        assertEquals(502, internal.status());
        assertTrue(internal.getMessage().contains("'gemini'"));
        GatewayException overloaded = map(503, "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}");
        assertEquals(503, overloaded.status());
        assertTrue(overloaded.getMessage().contains("'gemini'"));
        assertEquals(504, map(504, "{\"error\":{\"code\":504,\"status\":\"DEADLINE_EXCEEDED\"}}").status());
        assertEquals(502, map(502, "<html>Bad gateway</html>").status());
    }

    @Test
    void aPromptBeyondTheContextWindowIsContextLengthExceededForRouting() {
        GatewayException e = map(400, """
                {"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
                 "status":"INVALID_ARGUMENT"}}""");
        assertEquals(400, e.status());
        assertEquals("context_length_exceeded", e.code());
        assertEquals("messages", e.param());
        assertTrue(e.getMessage().contains("(1200000)"), e.getMessage());
        assertEquals(io.llmux.routing.FailureKind.CONTEXT_LENGTH, io.llmux.routing.FailureKind.of(e));
    }
}

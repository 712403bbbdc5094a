package io.llmux.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class UpstreamErrorsTest {

    private static final String KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    private final UpstreamErrors errors = new UpstreamErrors("openai", KEY);

    @Test
    void timeoutsAre504sThatNameTheProviderAndTheLimit() {
        GatewayException timeout = errors.fromFailure(new CompletionException(new TimeoutException()), Duration.ofMillis(250));
        assertEquals(504, timeout.status());
        assertEquals("provider_timeout", timeout.code());
        assertTrue(timeout.getMessage().contains("'openai'") && timeout.getMessage().contains("250 ms"), timeout.getMessage());
        GatewayException firstByte = errors.fromFailure(
                new UpstreamFailure(UpstreamFailure.Kind.FIRST_BYTE_TIMEOUT, Duration.ofSeconds(5), null), Duration.ofSeconds(60));
        assertTrue(firstByte.getMessage().contains("5 s"), "the timeout that ran out, not the call's: " + firstByte.getMessage());
    }

    @Test
    void connectionFailuresAre502sWithTheirOwnCodes() {
        assertEquals("provider_unreachable",
                errors.fromFailure(new UpstreamFailure(UpstreamFailure.Kind.CONNECT, null, null), Duration.ofSeconds(1)).code());
        GatewayException broken = errors.fromFailure(new IOException("reset"), Duration.ofSeconds(1));
        assertEquals(502, broken.status());
        assertEquals("provider_error", broken.code());
        assertEquals("cancelled", errors.fromFailure(new CancellationException(), Duration.ofSeconds(1)).code());
    }

    @Test
    void aFailureAlreadyMappedPassesAsItIs() {
        GatewayException mapped = errors.tooLarge();
        assertSame(mapped, errors.fromFailure(new CompletionException(mapped), Duration.ofSeconds(1)));
    }

    @Test
    void aBrokenStreamIsATimeoutOnlyWhenItFellSilent() {
        assertEquals("provider_timeout",
                errors.streamBroken(new UpstreamFailure(UpstreamFailure.Kind.IDLE_TIMEOUT, Duration.ofSeconds(2), null)).code());
        assertEquals("provider_stream_cut", errors.streamBroken(new IOException("reset")).code());
    }

    @Test
    void upstreamMessagesLoseKeysAndLength() {
        String cleaned = errors.clean("bad key " + KEY + " and sk-other-1234567890 " + "x".repeat(2000));
        assertFalse(cleaned.contains(KEY));
        assertFalse(cleaned.contains("sk-other"));
        assertTrue(cleaned.length() <= 1003, "cut at 1000 characters");
    }

    @Test
    void aContextWindowExceededIsTheCodeRoutingReads() {
        GatewayException e = errors.contextLengthExceeded("prompt is too long: 250000 tokens > 200000 maximum");
        assertEquals(ErrorType.INVALID_REQUEST, e.type());
        assertEquals("context_length_exceeded", e.code());
        assertEquals(io.llmux.routing.FailureKind.CONTEXT_LENGTH, io.llmux.routing.FailureKind.of(e));
        assertTrue(e.getMessage().contains("250000 tokens"), e.getMessage());
    }

    @Test
    void theErrorObjectOfAnErrorBodyPlainOrWrappedInAnArray() {
        assertEquals("bad", UpstreamErrors.errorObject("{\"error\":{\"message\":\"bad\"}}".getBytes()).path("message").asText());
        assertEquals("bad", UpstreamErrors.errorObject("[{\"error\":{\"message\":\"bad\"}}]".getBytes()).path("message").asText());
        assertEquals(null, UpstreamErrors.errorObject("<html>502</html>".getBytes()));
        assertEquals(null, UpstreamErrors.errorObject("{\"error\":\"just a string\"}".getBytes()));
        assertEquals(null, UpstreamErrors.errorObject(new byte[0]));
    }
}

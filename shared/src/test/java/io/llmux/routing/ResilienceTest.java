package io.llmux.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Backoff and Retry-After, and which failures are retried, failed over or passed on. */
class ResilienceTest {

    private static final ResilienceSettings SETTINGS = new ResilienceSettings(3, Duration.ofMillis(100), Duration.ofMillis(800), 0.2,
            Duration.ofSeconds(2), true, 50, 10, Duration.ofSeconds(30), Duration.ofSeconds(30), 2, 0, 2);

    @Test
    void backoffDoublesWithJitterUpToItsMaximum() {
        for (int i = 0; i < 200; i++) {
            long first = DeploymentState.delay(1, null, SETTINGS).toMillis();
            long second = DeploymentState.delay(2, null, SETTINGS).toMillis();
            long tenth = DeploymentState.delay(10, null, SETTINGS).toMillis();
            assertTrue(first >= 100 && first <= 120, "first " + first);
            assertTrue(second >= 200 && second <= 240, "second " + second);
            assertTrue(tenth >= 800 && tenth <= 960, "capped " + tenth);
        }
    }

    @Test
    void retryAfterIsAFloorNeverUndercutByJitter() {
        for (int i = 0; i < 200; i++) {
            assertTrue(DeploymentState.delay(1, Duration.ofMillis(1500), SETTINGS).toMillis() >= 1500);
        }
    }

    @Test
    void failuresAreClassifiedForRouting() {
        assertEquals(FailureKind.RETRYABLE, FailureKind.of(new GatewayException(ErrorType.RATE_LIMITED, "m", null, "rate_limit_exceeded", null)));
        assertEquals(FailureKind.RETRYABLE, FailureKind.of(new GatewayException(ErrorType.UPSTREAM_TIMEOUT, "m", null, "provider_timeout", null)));
        assertEquals(FailureKind.RETRYABLE, FailureKind.of(new GatewayException(ErrorType.UPSTREAM_ERROR, "m", null, "provider_unreachable", null)));
        assertEquals(FailureKind.DEPLOYMENT, FailureKind.of(new GatewayException(ErrorType.UPSTREAM_ERROR, "m", null, "provider_auth_failed", null)));
        assertEquals(FailureKind.DEPLOYMENT, FailureKind.of(new GatewayException(ErrorType.NOT_FOUND, "m", "model", "model_not_found", null)));
        assertEquals(FailureKind.CONTEXT_LENGTH, FailureKind.of(new GatewayException(ErrorType.INVALID_REQUEST, "m", null, "context_length_exceeded", null)));
        assertEquals(FailureKind.CONTENT_POLICY, FailureKind.of(new GatewayException(ErrorType.INVALID_REQUEST, "m", null, "content_filter", null)));
        assertEquals(FailureKind.CLIENT, FailureKind.of(new GatewayException(ErrorType.INVALID_REQUEST, "m", "temperature", "invalid_value", null)));
        assertEquals(FailureKind.CLIENT, FailureKind.of(new GatewayException(ErrorType.REQUEST_TOO_LARGE, "m", null, "request_too_large", null)));
        assertEquals(FailureKind.CLIENT, FailureKind.of(new CancellationException()));
        assertEquals(FailureKind.DEPLOYMENT, FailureKind.of(new IllegalStateException("adapter bug")));
    }

    @Test
    void impossibleSettingsFailStartUp() {
        assertThrows(IllegalStateException.class, () -> new ResilienceSettings(-1, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO,
                true, 50, 10, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0, 1));
        assertThrows(IllegalStateException.class, () -> new ResilienceSettings(1, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO,
                true, 150, 10, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 0, 1));
    }
}

package io.llmux.routing;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failed call means for routing. Adapters report failures as {@link GatewayException}s
 * with OpenAI's error codes; this is the one place that reads them.
 */
public enum FailureKind {
    /** Transient (429, 5xx, timeouts, connection failures, a stream cut before its first chunk): retry, then the next deployment. */
    RETRYABLE,
    /** This deployment cannot serve (its credentials were refused, it does not know the model): straight to the next one. */
    DEPLOYMENT,
    /** The prompt is too long for the model: to the group's context-window fallback. */
    CONTEXT_LENGTH,
    /** A provider's content filter refused the request: to the group's content-policy fallback. */
    CONTENT_POLICY,
    /** The client's request is wrong (4xx) or the client went away: passed on as it is, never retried. */
    CLIENT;

    public static FailureKind of(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CancellationException) {
            return CLIENT;
        }
        if (!(cause instanceof GatewayException e)) {
            // A bug in an adapter: not worth retrying there, but another deployment may serve.
            return DEPLOYMENT;
        }
        String code = e.code() == null ? "" : e.code();
        return switch (e.type()) {
            case RATE_LIMITED, UPSTREAM_TIMEOUT, SERVICE_UNAVAILABLE, SERVER_ERROR -> RETRYABLE;
            case UPSTREAM_ERROR -> switch (code) {
                case "provider_auth_failed" -> DEPLOYMENT;
                case "cancelled" -> CLIENT;
                default -> RETRYABLE;
            };
            case INVALID_REQUEST, REQUEST_TOO_LARGE -> switch (code) {
                case "context_length_exceeded", "string_above_max_length" -> CONTEXT_LENGTH;
                case "content_filter", "content_policy_violation" -> CONTENT_POLICY;
                default -> CLIENT;
            };
            // A provider's 404 is about its model name: a configuration fault of this deployment.
            case NOT_FOUND -> "model_not_found".equals(code) ? DEPLOYMENT : CLIENT;
            default -> CLIENT;
        };
    }

    /** Whether the deployment is at fault: counted by its circuit breaker. */
    public boolean deploymentFault() {
        return this == RETRYABLE || this == DEPLOYMENT;
    }

    /** The Retry-After a failure carries, or null. */
    static Duration retryAfter(Throwable failure) {
        return unwrap(failure) instanceof GatewayException e ? e.retryAfter() : null;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}

package io.llmux.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.error.SecretRedactor;
import io.llmux.json.Json;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The errors a client gets when a provider fails in a way every provider can fail: the connection
 * (refused, broken, timed out, cancelled), an unreadable or cut answer, and the statuses whose
 * meaning does not depend on the provider (credentials refused, unknown model, too large, rate
 * limited, a context window exceeded). One wording and one code each, so that clients and routing
 * ({@link io.llmux.routing.FailureKind} reads the codes) see the same error whichever adapter
 * answered. Each adapter's error mapper decides which applies to its provider's statuses and
 * bodies; this class only says them, naming the provider and never its credential.
 */
public final class UpstreamErrors {

    /** The code routing reads to send a prompt to the group's context-window fallback (OpenAI's own). */
    public static final String CONTEXT_LENGTH_EXCEEDED = "context_length_exceeded";
    /** The code routing reads to send a refused prompt to the group's content-policy fallback. */
    public static final String CONTENT_FILTER = "content_filter";

    private static final int MAX_MESSAGE_CHARS = 1000;

    private final String provider;
    private final String apiKey;

    /** @param apiKey the provider's credential, redacted from every upstream message; null when it has none */
    public UpstreamErrors(String provider, String apiKey) {
        this.provider = provider;
        this.apiKey = apiKey;
    }

    /**
     * An upstream message fit to show the client: the credential and anything key-like redacted,
     * cut at 1000 characters; null stays null.
     */
    public String clean(String message) {
        String redacted = SecretRedactor.redact(message, apiKey);
        return redacted == null || redacted.length() <= MAX_MESSAGE_CHARS ? redacted
                : redacted.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    /** A failed {@link UpstreamHttp} call (or a failure an adapter already mapped, passed on as it is). */
    public GatewayException fromFailure(Throwable failure, Duration timeout) {
        Throwable cause = unwrap(failure);
        if (cause instanceof GatewayException gateway) {
            return gateway;
        }
        if (cause instanceof UpstreamFailure upstream) {
            if (upstream.isTimeout()) {
                return timeout(upstream.timeout());
            }
            if (upstream.kind() == UpstreamFailure.Kind.CONNECT) {
                return unreachable();
            }
        }
        if (cause instanceof TimeoutException) {
            return timeout(timeout);
        }
        if (cause instanceof CancellationException) {
            return cancelled();
        }
        return connectionFailed();
    }

    public GatewayException timeout(Duration timeout) {
        return new GatewayException(ErrorType.UPSTREAM_TIMEOUT,
                "Provider '" + provider + "' did not answer within " + format(timeout) + ".", null, "provider_timeout", null);
    }

    public GatewayException unreachable() {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Could not connect to provider '" + provider + "'.", null, "provider_unreachable", null);
    }

    /** The call was cancelled (the client went away): routing passes it on, never retries it. */
    public GatewayException cancelled() {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "The call to provider '" + provider + "' was cancelled.", null, "cancelled", null);
    }

    public GatewayException connectionFailed() {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "The connection to provider '" + provider + "' failed.", null, "provider_error", null);
    }

    public GatewayException malformed() {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' returned a malformed response.", null, "provider_bad_response", null);
    }

    /** A stream that ended (cleanly at the HTTP level) before the provider said it was complete. */
    public GatewayException streamCut() {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' ended the stream before it was complete.", null, "provider_stream_cut", null);
    }

    /** A stream whose connection broke, or fell silent past the idle timeout, before it was complete. */
    public GatewayException streamBroken(Throwable failure) {
        return failure instanceof UpstreamFailure upstream && upstream.isTimeout() ? timeout(upstream.timeout()) : streamCut();
    }

    /** An error event inside a stream that had started; {@code message} already {@link #clean}ed. */
    public GatewayException streamError(String message) {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' reported an error mid-stream: " + message, null, "provider_error", null);
    }

    /** A 4xx about the client's request; {@code message} is the provider's, already {@link #clean}ed, or null. */
    public GatewayException rejected(String message, String param, String code) {
        return new GatewayException(ErrorType.INVALID_REQUEST,
                "Provider '" + provider + "' rejected the request" + detail(message), param, code, null);
    }

    /**
     * The prompt (with the output it may produce) does not fit the model's context window. Code
     * {@value #CONTEXT_LENGTH_EXCEEDED}, whatever the provider called it: routing sends such a
     * request to the group's context-window fallback instead of failing it.
     */
    public GatewayException contextLengthExceeded(String message) {
        return rejected(message, "messages", CONTEXT_LENGTH_EXCEEDED);
    }

    /** Not repeated: the provider's words about a credential may quote it, and it is the operator's to fix. */
    public GatewayException credentialsRefused(int status) {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' refused the gateway's credentials (HTTP " + status
                        + "). The gateway operator must check the key configured for it.",
                null, "provider_auth_failed", null);
    }

    public GatewayException modelNotFound(String upstreamModel) {
        return new GatewayException(ErrorType.NOT_FOUND,
                "Provider '" + provider + "' does not serve the model '" + upstreamModel + "'.", "model", "model_not_found", null);
    }

    public GatewayException tooLarge() {
        return new GatewayException(ErrorType.REQUEST_TOO_LARGE,
                "Provider '" + provider + "' rejected the request as too large.", null, "request_too_large", null);
    }

    public GatewayException rateLimited(String message, String code, Duration retryAfter) {
        return new GatewayException(ErrorType.RATE_LIMITED,
                "Provider '" + provider + "' is rate-limiting requests" + detail(message), null, code, retryAfter);
    }

    /** A status no more specific mapping covers (5xx, odd codes): the provider failed. */
    public GatewayException failed(int status) {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' failed with HTTP " + status + ".", null, "provider_error", null);
    }

    /**
     * The {@code error} object of a JSON error body ({@code {"error":{...}}}, the shape OpenAI,
     * Anthropic and Google share; Google sometimes wraps it in an array), or null when the body is
     * empty, not JSON, or shaped otherwise.
     */
    public static JsonNode errorObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root != null && root.isArray() && !root.isEmpty()) {
                root = root.get(0);
            }
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    /** ": message", or "." when there is none: the end of a sentence that may quote the provider. */
    public static String detail(String message) {
        return message == null ? "." : ": " + message;
    }

    /** The failure inside the wrappers a CompletableFuture puts around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** "5 s", or "1500 ms" when not whole seconds. */
    public static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

package io.llmux.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.error.SecretRedactor;
import io.llmux.json.Json;
import io.llmux.provider.http.UpstreamFailure;
import io.micronaut.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what an OpenAI-compatible service answered (an error status, a broken connection, a
 * timeout) to the error LLMux gives its client. The client learns which provider failed and how,
 * never the provider's credential: upstream messages are redacted, and auth failures are not
 * passed on at all (they are the gateway operator's problem, not the caller's).
 *
 * <p>Public for its transport half ({@link #fromFailure}, timeouts, cut and malformed streams,
 * Retry-After), which is the same for every HTTP provider: adapters with error bodies of their
 * own (Gemini) map statuses themselves and delegate the rest here.
 */
public final class OpenAiErrorMapper {

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final int MAX_MESSAGE_CHARS = 1000;
    private static final String CONTENT_FILTER = "content_filter";

    private final String provider;
    private final String apiKey;

    public OpenAiErrorMapper(String provider, String apiKey) {
        this.provider = provider;
        this.apiKey = apiKey;
    }

    GatewayException fromStatus(int status, HttpHeaders headers, byte[] body, String upstreamModel) {
        JsonNode error = errorObject(body);
        String upstreamMessage = error == null ? null : truncate(SecretRedactor.redact(error.path("message").asText(null), apiKey));
        String code = error == null ? null : error.path("code").asText(null);
        if (code != null && !code.isEmpty() && code.chars().allMatch(Character::isDigit)) {
            code = null; // Azure repeats the HTTP status as its code ("429"): no code an OpenAI client knows
        }
        String param = error == null ? null : error.path("param").asText(null);
        if (status == 400 && CONTENT_FILTER.equals(code)) {
            return contentFiltered(error);
        }
        return switch (status) {
            case 400, 422 -> new GatewayException(ErrorType.INVALID_REQUEST,
                    "Provider '" + provider + "' rejected the request" + (upstreamMessage == null ? "." : ": " + upstreamMessage),
                    param, code, null);
            case 401, 403 -> new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "Provider '" + provider + "' refused the gateway's credentials (HTTP " + status
                            + "). The gateway operator must check the key configured for it.",
                    null, "provider_auth_failed", null);
            case 404 -> new GatewayException(ErrorType.NOT_FOUND,
                    "Provider '" + provider + "' does not serve the model '" + upstreamModel + "'.",
                    "model", "model_not_found", null);
            case 413 -> new GatewayException(ErrorType.REQUEST_TOO_LARGE,
                    "Provider '" + provider + "' rejected the request as too large.", null, "request_too_large", null);
            case 429 -> new GatewayException(ErrorType.RATE_LIMITED,
                    "Provider '" + provider + "' is rate-limiting requests" + (upstreamMessage == null ? "." : ": " + upstreamMessage),
                    null, code == null ? "rate_limit_exceeded" : code, retryAfter(headers));
            default -> new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "Provider '" + provider + "' failed with HTTP " + status + ".", null, "provider_error", null);
        };
    }

    /**
     * Azure OpenAI's refusal of a prompt its content filter flagged: a 400 with code
     * {@code content_filter} and, in {@code innererror.content_filter_result}, the categories that
     * tripped. The client gets a 400 with the same code and a message that says which.
     */
    private GatewayException contentFiltered(JsonNode error) {
        List<String> categories = new ArrayList<>();
        error.path("innererror").path("content_filter_result").properties().forEach(category -> {
            JsonNode verdict = category.getValue();
            if (verdict.path("filtered").asBoolean(false) || verdict.path("detected").asBoolean(false)) {
                categories.add(category.getKey());
            }
        });
        return new GatewayException(ErrorType.INVALID_REQUEST, "Provider '" + provider
                + "' refused the prompt: its content filter flagged it"
                + (categories.isEmpty() ? "" : " (" + String.join(", ", categories) + ")")
                + ". Change the prompt and retry.", "messages", CONTENT_FILTER, null);
    }

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
                return new GatewayException(ErrorType.UPSTREAM_ERROR,
                        "Could not connect to provider '" + provider + "'.", null, "provider_unreachable", null);
            }
        }
        if (cause instanceof TimeoutException) {
            return timeout(timeout);
        }
        if (cause instanceof CancellationException) {
            return new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "The call to provider '" + provider + "' was cancelled.", null, "cancelled", null);
        }
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "The connection to provider '" + provider + "' failed.", null, "provider_error", null);
    }

    public GatewayException timeout(Duration timeout) {
        return new GatewayException(ErrorType.UPSTREAM_TIMEOUT,
                "Provider '" + provider + "' did not answer within " + format(timeout) + ".", null, "provider_timeout", null);
    }

    public GatewayException malformed() {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' returned a malformed response.", null, "provider_bad_response", null);
    }

    public GatewayException streamCut() {
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' ended the stream before it was complete.", null, "provider_stream_cut", null);
    }

    /** A stream whose connection broke, or fell silent past the idle timeout, before [DONE]. */
    public GatewayException streamBroken(Throwable failure) {
        return failure instanceof UpstreamFailure upstream && upstream.isTimeout() ? timeout(upstream.timeout()) : streamCut();
    }

    GatewayException streamError(JsonNode error) {
        String message = truncate(SecretRedactor.redact(error.path("message").asText("unknown error"), apiKey));
        return new GatewayException(ErrorType.UPSTREAM_ERROR,
                "Provider '" + provider + "' reported an error mid-stream: " + message, null, "provider_error", null);
    }

    private static JsonNode errorObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    /** Retry-After in seconds or as an HTTP date, else OpenAI's retry-after-ms, else one second. */
    public static Duration retryAfter(HttpHeaders headers) {
        if (headers == null) {
            return DEFAULT_RETRY_AFTER;
        }
        var millis = headers.findFirst("retry-after-ms");
        var value = headers.findFirst("retry-after");
        try {
            if (value.isPresent()) {
                String v = value.get().trim();
                if (v.chars().allMatch(Character::isDigit) && !v.isEmpty()) {
                    return Duration.ofSeconds(Long.parseLong(v));
                }
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return until.isNegative() ? Duration.ZERO : until;
            }
            if (millis.isPresent()) {
                return Duration.ofMillis((long) Double.parseDouble(millis.get().trim()));
            }
        } catch (RuntimeException unparseable) {
            return DEFAULT_RETRY_AFTER;
        }
        return DEFAULT_RETRY_AFTER;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof java.util.concurrent.ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String truncate(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

package io.llmux.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.provider.http.ErrorStatusMapper;
import io.llmux.provider.http.RetryAfter;
import io.llmux.provider.http.UpstreamErrors;
import io.micronaut.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps what an OpenAI-compatible service answered with an error status, or mid-stream, to the
 * error LLMux gives its client. The client learns which provider failed and how, never the
 * provider's credential: upstream messages are redacted, and auth failures are not passed on at
 * all (they are the gateway operator's problem, not the caller's). OpenAI's own codes
 * ({@code context_length_exceeded}, {@code content_filter}, ...) pass through: routing reads them.
 * Connection failures, timeouts and cut streams are {@link UpstreamErrors}', as for every provider.
 */
final class OpenAiErrorMapper implements ErrorStatusMapper {

    private final String provider;
    private final UpstreamErrors upstream;

    OpenAiErrorMapper(String provider, String apiKey) {
        this.provider = provider;
        this.upstream = new UpstreamErrors(provider, apiKey);
    }

    /** The failures every provider shares, worded for this one. */
    UpstreamErrors upstream() {
        return upstream;
    }

    @Override
    public GatewayException fromStatus(int status, HttpHeaders headers, byte[] body, String upstreamModel) {
        JsonNode error = UpstreamErrors.errorObject(body);
        String upstreamMessage = error == null ? null : upstream.clean(error.path("message").asText(null));
        String code = error == null ? null : error.path("code").asText(null);
        if (code != null && !code.isEmpty() && code.chars().allMatch(Character::isDigit)) {
            code = null; // Azure repeats the HTTP status as its code ("429"): no code an OpenAI client knows
        }
        String param = error == null ? null : error.path("param").asText(null);
        if (status == 400 && UpstreamErrors.CONTENT_FILTER.equals(code)) {
            return contentFiltered(error);
        }
        if (status == 400 && code == null && contextTooLong(upstreamMessage)) {
            return upstream.rejected(upstreamMessage, param == null ? "messages" : param, UpstreamErrors.CONTEXT_LENGTH_EXCEEDED);
        }
        return switch (status) {
            case 400, 422 -> upstream.rejected(upstreamMessage, param, code);
            case 401, 403 -> upstream.credentialsRefused(status);
            case 404 -> upstream.modelNotFound(upstreamModel);
            case 413 -> upstream.tooLarge();
            case 429 -> upstream.rateLimited(upstreamMessage, code == null ? "rate_limit_exceeded" : code, RetryAfter.of(headers));
            default -> upstream.failed(status);
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
                + ". Change the prompt and retry.", "messages", UpstreamErrors.CONTENT_FILTER, null);
    }

    /**
     * OpenAI sends {@code context_length_exceeded} itself; compatible servers (vLLM, and others
     * that copy OpenAI's message but not its code) say it only in words: "This model's maximum
     * context length is 8192 tokens. However, you requested 9000 tokens ...".
     */
    static boolean contextTooLong(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("maximum context length");
    }

    /** {@code data: {"error":{...}}} inside a stream that had started. */
    GatewayException streamError(JsonNode error) {
        return upstream.streamError(upstream.clean(error.path("message").asText("unknown error")));
    }
}

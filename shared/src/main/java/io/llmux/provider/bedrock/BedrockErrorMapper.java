package io.llmux.provider.bedrock;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.provider.http.RetryAfter;
import io.llmux.provider.http.UpstreamErrors;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Maps what Bedrock (through the SDK) failed with to the error LLMux gives its client. Every
 * message names the provider; none carries a credential, and authorization failures are not
 * passed on at all (they concern the gateway's IAM role, not the caller, and AWS's texts name
 * account and role ARNs).
 *
 * <p>Throttling is a 429 with Bedrock's Retry-After when it sends one, else
 * {@link RetryAfter#DEFAULT} (Bedrock usually sends none; a short pause is what AWS's own SDK
 * retry policy would wait). Bedrock's server-side failures (internal error, service unavailable,
 * model not ready, model error) are 502s like every other provider's 5xx, each with its own code.
 */
final class BedrockErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(BedrockErrorMapper.class);
    private final String provider;
    /** No key to redact: Bedrock signs with AWS credentials the gateway never holds as text. */
    private final UpstreamErrors upstream;

    BedrockErrorMapper(String provider) {
        this.provider = provider;
        this.upstream = new UpstreamErrors(provider, null);
    }

    /** A failed Converse call, or a ConverseStream refused before its first event. */
    GatewayException fromFailure(Throwable failure, Duration timeout, String model) {
        Throwable cause = UpstreamErrors.unwrap(failure);
        if (cause instanceof GatewayException gateway) {
            return gateway;
        }
        if (cause instanceof AwsServiceException service) {
            return fromService(service, model);
        }
        if (cause instanceof TimeoutException || cause instanceof ApiCallTimeoutException
                || cause instanceof ApiCallAttemptTimeoutException || isReadTimeout(cause)) {
            return upstream.timeout(timeout);
        }
        if (cause instanceof CancellationException) {
            return upstream.cancelled();
        }
        if (cause instanceof SdkClientException client && isCredentialsProblem(client)) {
            return new GatewayException(ErrorType.UPSTREAM_ERROR, "Provider '" + provider + "' has no AWS credentials to sign"
                    + " with. The gateway operator must give it a role or credentials (the AWS default chain).",
                    null, "provider_auth_failed", null);
        }
        if (isMalformed(cause)) {
            return malformed();
        }
        if (isConnectFailure(cause)) {
            return upstream.unreachable();
        }
        if (hasCause(cause, java.io.IOException.class)) {
            return new GatewayException(ErrorType.UPSTREAM_ERROR, "Provider '" + provider
                    + "' broke off the connection before the answer was complete.", null, "provider_error", null);
        }
        // Unexpected: the operator needs the cause (SDK messages carry no credentials); the client does not.
        LOG.atWarn().addKeyValue("provider", provider).setCause(cause).log("Bedrock call failed");
        return upstream.connectionFailed();
    }

    /** A failure after the stream began: an exception event, a broken frame, a dropped connection. */
    GatewayException fromStreamFailure(Throwable failure) {
        Throwable cause = UpstreamErrors.unwrap(failure);
        if (cause instanceof GatewayException gateway) {
            return gateway;
        }
        if (cause instanceof ModelStreamErrorException streamError) {
            return upstream.streamError(message(streamError));
        }
        if (cause instanceof AwsServiceException service) {
            GatewayException mapped = fromService(service, null);
            return new GatewayException(mapped.type(), "Provider '" + provider + "' reported an error mid-stream: "
                    + mapped.getMessage(), null, mapped.code(), mapped.retryAfter());
        }
        if (cause instanceof TimeoutException || isReadTimeout(cause)) {
            return new GatewayException(ErrorType.UPSTREAM_TIMEOUT, "Provider '" + provider
                    + "' fell silent mid-stream.", null, "provider_timeout", null);
        }
        if (isMalformed(cause)) {
            return malformed();
        }
        return upstream.streamCut();
    }

    GatewayException fromService(AwsServiceException failure, String model) {
        String message = message(failure);
        return switch (failure) {
            case ThrottlingException throttled -> new GatewayException(ErrorType.RATE_LIMITED,
                    "Provider '" + provider + "' is throttling requests" + UpstreamErrors.detail(message), null, "rate_limit_exceeded",
                    retryAfter(throttled));
            case ServiceQuotaExceededException quota -> new GatewayException(ErrorType.RATE_LIMITED,
                    "Provider '" + provider + "' refused the request: a service quota is exhausted" + UpstreamErrors.detail(message),
                    null, "quota_exceeded", retryAfter(quota));
            case ValidationException invalid -> contextTooLong(message) ? upstream.contextLengthExceeded(message)
                    : upstream.rejected(message, null, "invalid_request");
            case AccessDeniedException denied -> authFailure(failure.statusCode());
            case ResourceNotFoundException missing -> new GatewayException(ErrorType.NOT_FOUND,
                    "Provider '" + provider + "' does not serve the model '" + model + "' (or not in this region, or"
                            + " the account has no access to it).", "model", "model_not_found", null);
            case ModelTimeoutException slow -> new GatewayException(ErrorType.UPSTREAM_TIMEOUT,
                    "Provider '" + provider + "': the model took too long to answer.", null, "provider_timeout", null);
            case ModelNotReadyException notReady -> new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "Provider '" + provider + "': the model is not ready to serve yet; retry shortly.", null,
                    "model_not_ready", retryAfter(notReady));
            case ServiceUnavailableException unavailable -> new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "Provider '" + provider + "' is unavailable (HTTP 503).", null, "provider_unavailable", retryAfter(unavailable));
            case InternalServerException internal -> new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "Provider '" + provider + "' failed with an internal error (HTTP " + failure.statusCode() + ").", null,
                    "provider_error", null);
            case ModelErrorException modelError -> new GatewayException(ErrorType.UPSTREAM_ERROR,
                    "Provider '" + provider + "': the model failed to process the request" + UpstreamErrors.detail(message), null,
                    "provider_error", null);
            default -> byStatus(failure, message, model);
        };
    }

    /** Errors the service model does not name (signature and token failures, unknown operations). */
    private GatewayException byStatus(AwsServiceException failure, String message, String model) {
        int status = failure.statusCode();
        if (status == 401 || status == 403) {
            return authFailure(status);
        }
        if (status == 404) {
            return upstream.modelNotFound(model);
        }
        if (status == 413) {
            return upstream.tooLarge();
        }
        if (status == 429) {
            return new GatewayException(ErrorType.RATE_LIMITED, "Provider '" + provider + "' is throttling requests"
                    + UpstreamErrors.detail(message), null, "rate_limit_exceeded", retryAfter(failure));
        }
        if (status >= 400 && status < 500) {
            return upstream.rejected(message, null, "invalid_request");
        }
        return upstream.failed(status);
    }

    private GatewayException authFailure(int status) {
        return new GatewayException(ErrorType.UPSTREAM_ERROR, "Provider '" + provider + "' refused the gateway's AWS"
                + " credentials (HTTP " + status + "). The gateway operator must check its IAM role: it needs"
                + " bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on the model.",
                null, "provider_auth_failed", null);
    }

    GatewayException idleTimeout(Duration timeout) {
        return new GatewayException(ErrorType.UPSTREAM_TIMEOUT, "Provider '" + provider + "' fell silent mid-stream for "
                + UpstreamErrors.format(timeout) + ".", null, "provider_timeout", null);
    }

    GatewayException malformed() {
        return upstream.malformed();
    }

    GatewayException streamCut() {
        return upstream.streamCut();
    }

    /** Bedrock's Retry-After when it sent one, else the default. */
    static Duration retryAfter(AwsServiceException failure) {
        if (failure.awsErrorDetails() != null && failure.awsErrorDetails().sdkHttpResponse() != null) {
            return RetryAfter.parse(failure.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").orElse(null));
        }
        return RetryAfter.DEFAULT;
    }

    /** Bedrock's own message, shortened and scrubbed of anything key-like. */
    private String message(AwsServiceException failure) {
        String text = failure.awsErrorDetails() == null ? null : failure.awsErrorDetails().errorMessage();
        return text == null || text.isBlank() ? null : upstream.clean(text);
    }

    /**
     * Bedrock's words for a prompt beyond the model's context window, in a ValidationException:
     * its own ("Input is too long for requested model.", "too many input tokens") and those of the
     * Anthropic models it serves ("prompt is too long: N tokens > M maximum", "input length and
     * `max_tokens` exceed context limit"). Bedrock has no code for it; routing needs one.
     */
    static boolean contextTooLong(String message) {
        if (message == null) {
            return false;
        }
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("input is too long") || text.contains("too many input tokens")
                || text.contains("prompt is too long") || text.contains("exceed context limit");
    }

    private static boolean isCredentialsProblem(SdkClientException failure) {
        String text = failure.getMessage();
        return text != null && text.contains("Unable to load credentials");
    }

    /**
     * A body the SDK could not read: JSON cut short or broken, or an eventstream frame whose CRC
     * does not match (the SDK's decoder says "checksum"). Matched by name: the SDK shades Jackson.
     */
    private static boolean isMalformed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String type = t.getClass().getSimpleName();
            String text = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (type.equals("JsonEOFException") || type.equals("JsonParseException") || text.contains("checksum")
                    || text.contains("unable to unmarshall")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof UnresolvedAddressException
                    || t.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReadTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("io.netty.handler.timeout.ReadTimeoutException")) {
                return true;
            }
        }
        return false;
    }
}

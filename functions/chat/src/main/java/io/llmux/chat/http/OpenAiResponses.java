package io.llmux.chat.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.budget.BudgetStatus;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.error.OpenAiErrorBody;
import io.llmux.json.Json;
import io.llmux.pipeline.UsageRecord;
import io.llmux.provider.Deployment;
import io.llmux.ratelimit.RateLimitDecision;
import io.llmux.ratelimit.RateLimitHeaders;
import io.llmux.routing.RouteReport;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.math.BigDecimal;

/** Builds the HTTP responses of the OpenAI-compatible routes: bodies, errors and LLMux's headers. */
public final class OpenAiResponses {

    public static final String REQUEST_ID = "x-request-id";
    public static final String PROVIDER = "x-llmux-provider";
    public static final String MODEL = "x-llmux-model";
    public static final String USAGE_SOURCE = "x-llmux-usage-source";
    public static final String COST = "x-llmux-cost";
    /** The tightest budget left (docs/budgets.md): tokens=N or cost=USD, scope, period, resets; "unlimited" without budgets. */
    public static final String BUDGET_REMAINING = "x-llmux-budget-remaining";
    /** Read by OpenAI's SDKs: false stops their automatic retries, pointless until a budget resets. */
    public static final String SHOULD_RETRY = "x-should-retry";
    public static final String DEPLOYMENT = RouteReport.DEPLOYMENT_HEADER;
    public static final String ATTEMPTS = RouteReport.ATTEMPTS_HEADER;
    public static final String ROUTE = RouteReport.ROUTE_HEADER;

    private OpenAiResponses() {
    }

    public static MutableHttpResponse<byte[]> json(JsonNode body, String requestId) {
        return HttpResponse.ok(bytes(body))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(REQUEST_ID, requestId);
    }

    public static MutableHttpResponse<byte[]> served(MutableHttpResponse<byte[]> response, Deployment deployment, UsageRecord usage) {
        response.header(PROVIDER, deployment.provider().name());
        response.header(MODEL, deployment.upstreamModel());
        if (usage != null) {
            response.header(USAGE_SOURCE, usage.usage().source().wireName());
            response.header(COST, usd(usage.costMicros()));
        }
        return response;
    }

    /** How the request was routed: x-llmux-deployment, x-llmux-attempts and x-llmux-route. */
    public static <T> MutableHttpResponse<T> routed(MutableHttpResponse<T> response, RouteReport route) {
        response.header(DEPLOYMENT, route.deploymentId());
        response.header(ATTEMPTS, Integer.toString(route.attempts()));
        response.header(ROUTE, route.route());
        return response;
    }

    public static MutableHttpResponse<byte[]> error(GatewayException e, String requestId) {
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(HttpStatus.valueOf(e.status()))
                .body(OpenAiErrorBody.bytes(e))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
        if (requestId != null) {
            response.header(REQUEST_ID, requestId);
        }
        if (e.type() == ErrorType.INSUFFICIENT_QUOTA) {
            response.header(SHOULD_RETRY, "false");
        }
        if (e.retryAfter() != null) {
            response.header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        return rateLimit(response, e.rateLimit());
    }

    /**
     * The cost and the tightest budget left. On a stream's head the cost is the reservation (the
     * most it can cost), the settled cost then comes in the usage chunk; see docs/budgets.md.
     */
    public static <T> MutableHttpResponse<T> budget(MutableHttpResponse<T> response, BudgetStatus status) {
        if (status != null) {
            // set, not add: served() may have written the same cost from the usage record.
            response.getHeaders().set(COST, status.costHeader());
            response.getHeaders().set(BUDGET_REMAINING, status.remainingHeader());
        }
        return response;
    }

    /** The rate-limit headers (IETF RateLimit and RateLimit-Policy, OpenAI's x-ratelimit-*). */
    public static <T> MutableHttpResponse<T> rateLimit(MutableHttpResponse<T> response, RateLimitDecision decision) {
        RateLimitHeaders.of(decision).forEach(response::header);
        return response;
    }

    /** Micro-dollars as a plain decimal USD amount: 1234 -> "0.001234". */
    public static String usd(long micros) {
        return BigDecimal.valueOf(micros, 6).toPlainString();
    }

    public static byte[] bytes(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

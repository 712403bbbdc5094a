package io.llmux.ratelimit;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequest;
import io.llmux.tenancy.Principal;
import io.llmux.tokens.TokenCounter;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The pipeline's rate-limit stage: works out which limits apply to the caller, what the request
 * costs against them, and admits it or refuses it with a 429 that names the limit.
 *
 * <p>A request's token cost is an estimate made before the provider answers: its exact prompt
 * tokens plus the most it may generate ({@code max_completion_tokens} / {@code max_tokens}, times
 * {@code n}; {@code llmux.ratelimit.default-max-output-tokens} when it sets none). It is computed
 * only when a token limit applies, since counting a long prompt costs CPU.
 */
@Singleton
public final class RateLimitGate {

    private final RateLimiter limiter;
    private final TokenCounter tokens;
    private final int defaultMaxOutputTokens;

    public RateLimitGate(RateLimiter limiter, TokenCounter tokens,
                         @Value("${llmux.ratelimit.default-max-output-tokens:4096}") int defaultMaxOutputTokens) {
        this.limiter = limiter;
        this.tokens = tokens;
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
    }

    /** Admits a chat request, or fails with a 429 GatewayException (or 503 in deny mode). */
    public CompletableFuture<Admission> admitChat(Principal principal, ChatRequest request) {
        return admit(principal, () -> chatEstimate(request));
    }

    /**
     * Admits a request whose token estimate {@code estimate} computes (called only when a token
     * limit applies).
     */
    public CompletableFuture<Admission> admit(Principal principal, LongSupplier estimate) {
        List<RatePolicy> rates = LimitPolicies.rates(principal);
        RatePolicy inFlight = LimitPolicies.inFlight(principal);
        if (rates.isEmpty() && inFlight == null) {
            return CompletableFuture.completedFuture(Admission.UNLIMITED);
        }
        long cost = rates.stream().anyMatch(p -> p.kind() == LimitKind.TOKENS) ? estimate.getAsLong() : 0;
        RateLimitRequest request = new RateLimitRequest(principal.tenantId(), principal.key().id(), rates, inFlight, cost);
        return limiter.acquire(request).thenApply(admission -> {
            RateLimitDecision decision = admission.decision();
            if (!decision.allowed()) {
                throw refusal(decision, request);
            }
            return admission;
        });
    }

    /** Prompt tokens plus the most the request may generate. */
    public long chatEstimate(ChatRequest request) {
        long output = request.maxOutputTokens() != null ? request.maxOutputTokens() : defaultMaxOutputTokens;
        return tokens.countPrompt(request) + output * Math.max(1, request.n());
    }

    private static GatewayException refusal(RateLimitDecision decision, RateLimitRequest request) {
        RatePolicy limit = decision.exceeded();
        long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        String message;
        if (limit.kind() == LimitKind.IN_FLIGHT) {
            message = "Rate limit reached for " + limit.description() + ": at most " + limit.limit()
                    + " requests of this key may run at once. Retry when one of them ends.";
        } else if (request.cost(limit) > limit.limit()) {
            message = "Rate limit reached for " + limit.description() + ": this request's estimated " + request.cost(limit)
                    + " tokens (prompt plus max output) exceed the limit of " + limit.limit()
                    + ". Lower max_completion_tokens or shorten the prompt.";
        } else {
            message = "Rate limit reached for " + limit.description() + ": limit " + limit.limit()
                    + (limit.kind() == LimitKind.TOKENS ? ", requested " + request.cost(limit) : "")
                    + ". Retry in " + seconds + "s.";
        }
        return new GatewayException(ErrorType.RATE_LIMITED, message, null, "rate_limit_exceeded", decision.retryAfter())
                .withRateLimit(decision);
    }
}

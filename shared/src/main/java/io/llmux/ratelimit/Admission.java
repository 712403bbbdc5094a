package io.llmux.ratelimit;

import io.llmux.error.GatewayException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** An admitted request: the decision to report, and the in-flight slot to give back when it ends. */
public record Admission(RateLimitDecision decision, InFlightPermit permit) {

    public static final Admission UNLIMITED = new Admission(RateLimitDecision.UNLIMITED, InFlightPermit.NONE);

    /** A call that is the whole request: its end, however it ends, gives the slot back. */
    public <T> CompletableFuture<T> whole(CompletableFuture<T> call) {
        return call.handle((value, failure) -> {
            permit.release();
            if (failure != null) {
                throw report(failure);
            }
            return value;
        });
    }

    /**
     * A call that starts a stream: a failure to start gives the slot back; once started, the
     * stream's own end does ({@link InFlightPermit#release()} from its completion, error and
     * cancellation).
     */
    public <T> CompletableFuture<T> starting(CompletableFuture<T> call) {
        return call.handle((value, failure) -> {
            if (failure != null) {
                permit.release();
                throw report(failure);
            }
            return value;
        });
    }

    /** The failure, carrying this request's rate-limit state when it is the client's error to see. */
    private CompletionException report(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof GatewayException e && e.rateLimit() == null && decision != RateLimitDecision.UNLIMITED) {
            return new CompletionException(e.withRateLimit(decision));
        }
        return failure instanceof CompletionException c ? c : new CompletionException(failure);
    }
}

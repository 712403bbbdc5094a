package io.llmux.pipeline;

import java.util.concurrent.CompletableFuture;

/**
 * Carries a client's cancellation down to the provider call. Cancelling a CompletableFuture does
 * not reach the stages it was built from, so without this a client that went away left its
 * provider call running (and billing) to the end. One guard per request.
 */
final class ProviderCallGuard {

    private volatile boolean cancelled;
    private volatile CompletableFuture<?> call;

    /** Registers the provider call; cancels it at once if the client has already gone. */
    <T> CompletableFuture<T> track(CompletableFuture<T> providerCall) {
        call = providerCall;
        if (cancelled) {
            providerCall.cancel(true);
        }
        return providerCall;
    }

    /** Makes cancelling {@code result} (what the client waits on) cancel the tracked provider call. */
    <T> CompletableFuture<T> cancelsWith(CompletableFuture<T> result) {
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                cancelled = true;
                CompletableFuture<?> current = call;
                if (current != null) {
                    current.cancel(true);
                }
            }
        });
        return result;
    }
}

package io.llmux.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.CircuitBreakerOpenException;
import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.openai.EmbeddingRequest;
import io.llmux.provider.ChatCompletion;
import io.llmux.provider.ChatStream;
import io.llmux.provider.EmbeddingCall;
import io.llmux.provider.Embeddings;
import io.llmux.provider.ProviderCall;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Calls a route's deployments until one answers: each deployment through its Failsafe retry policy,
 * its circuit breaker and its bulkhead (each with that deployment's own settings), then the next
 * deployment of the plan, then the groups the plan's group falls back to. A prompt too long for a
 * model goes to the group's context-window fallback, a content-filter refusal to its
 * content-policy fallback; a client's own mistake (any other 4xx) is answered at once.
 *
 * <p>A stream counts as answered at its first chunk: a stream that fails before one is retried
 * elsewhere like any failed call; after one, its failures are the client's to see (the
 * pipeline ends the stream with an error event) and are not retried, but they still count as a
 * failure of that deployment for its circuit breaker. Nothing here meters: only the answer that is
 * served is settled, once, by the pipeline.
 *
 * <p>Non-blocking throughout: attempts start on the calling thread and retries are timed on
 * its event loop ({@link EventLoopScheduler}).
 */
@Singleton
public final class ResilientCalls {

    private final DeploymentStates states;

    public ResilientCalls(DeploymentStates states) {
        this.states = states;
    }

    public CompletableFuture<Routed<ChatCompletion>> complete(Route route) {
        return whole(route, member -> member.deployment().provider()
                .complete(new ProviderCall(route.request(), member.deployment().upstreamModel())));
    }

    /** Embeddings of {@code request} from the route's deployments (a group's embedding models), with the same resilience as chat. */
    public CompletableFuture<Routed<Embeddings>> embed(Route route, EmbeddingRequest request) {
        return whole(route, member -> member.deployment().provider()
                .embed(new EmbeddingCall(request, member.deployment().upstreamModel())));
    }

    /**
     * A call answered whole, not streamed (a chat completion, embeddings): a successful attempt's
     * time is its deployment's total latency.
     */
    private <T> CompletableFuture<Routed<T>> whole(Route route, Function<GroupMember, CompletableFuture<T>> attempt) {
        return new Failover<T>(route, states.settings()) {
            @Override
            CompletableFuture<T> call(GroupMember member, Consumer<Throwable> streamEnded) {
                long start = System.nanoTime();
                CompletableFuture<T> call = attempt.apply(member);
                call.whenComplete((answer, failure) -> {
                    if (failure == null) {
                        member.health().recordTotal(System.nanoTime() - start);
                    }
                });
                return call;
            }
        }.start();
    }

    public CompletableFuture<Routed<ChatStream>> stream(Route route) {
        return new Failover<ChatStream>(route, states.settings()) {
            @Override
            CompletableFuture<ChatStream> call(GroupMember member, Consumer<Throwable> streamEnded) {
                long start = System.nanoTime();
                DeploymentHealth health = member.health();
                CompletableFuture<ChatStream> accepted = member.deployment().provider()
                        .stream(new ProviderCall(route.request(), member.deployment().upstreamModel()));
                CompletableFuture<ChatStream> firstChunk = new CompletableFuture<>();
                accepted.whenComplete((stream, refused) -> {
                    if (refused != null) {
                        firstChunk.completeExceptionally(refused);
                        return;
                    }
                    CompletableFuture<Flux<ObjectNode>> gate =
                            FirstChunkGate.open(stream.chunks(),
                                    () -> health.recordFirstToken(System.nanoTime() - start),
                                    () -> health.recordTotal(System.nanoTime() - start),
                                    streamEnded);
                    gate.whenComplete((chunks, failed) -> {
                        if (failed != null) {
                            firstChunk.completeExceptionally(failed);
                        } else {
                            firstChunk.complete(new ChatStream(chunks));
                        }
                    });
                    firstChunk.whenComplete((value, failure) -> {
                        if (firstChunk.isCancelled()) {
                            gate.cancel(true);
                        }
                    });
                });
                firstChunk.whenComplete((value, failure) -> {
                    if (firstChunk.isCancelled()) {
                        accepted.cancel(true);
                    }
                });
                return firstChunk;
            }
        }.start();
    }

    /** One request's way through its route's deployments. */
    private abstract static class Failover<T> {

        private final Route route;
        private final ResilienceSettings settings;
        private final CompletableFuture<Routed<T>> result = new CompletableFuture<>();
        private final Set<String> visitedGroups = new HashSet<>();
        private RoutePlan plan;
        private int next;
        private int attempts;
        private String firstTried;
        private Throwable lastFailure;
        private Duration unavailableFor;
        private int fallbackGroups;
        private volatile CompletableFuture<?> current;

        Failover(Route route, ResilienceSettings settings) {
            this.route = route;
            this.settings = settings;
            this.plan = route.plan();
            if (plan.group() != null) {
                visitedGroups.add(plan.group().name());
            }
        }

        /**
         * Starts one attempt on {@code member}. A stream runs {@code streamEnded} once when a stream
         * it handed out ends, with its failure or null (the deployment's bulkhead and breaker
         * permits are held until then); a whole call ignores it.
         */
        abstract CompletableFuture<T> call(GroupMember member, Consumer<Throwable> streamEnded);

        CompletableFuture<Routed<T>> start() {
            result.whenComplete((value, failure) -> {
                CompletableFuture<?> inFlight = current;
                if (result.isCancelled() && inFlight != null) {
                    inFlight.cancel(true);
                }
            });
            tryNext();
            return result;
        }

        /** Tries the next candidate; attempts complete on provider threads, and each failure comes back here. */
        private void tryNext() {
            while (!result.isDone()) {
                if (next >= plan.candidates().size()) {
                    RoutePlan fallback = nextGroup();
                    if (fallback == null) {
                        result.completeExceptionally(finalError());
                        return;
                    }
                    switchTo(fallback);
                    continue;
                }
                GroupMember member = plan.candidates().get(next++);
                DeploymentState state = member.state();
                Duration open = state.openFor();
                if (open != null && !open.isZero()) {
                    unavailable(open);
                    continue;
                }
                if (!state.tryAcquire()) {
                    unavailable(Duration.ofSeconds(1));
                    continue;
                }
                attempt(member, state);
                return;
            }
        }

        private void attempt(GroupMember member, DeploymentState state) {
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    state.release();
                }
            };
            CompletableFuture<T> call = state.executor().getStageAsync(context -> {
                if (!state.tryEnterBreaker()) {
                    // Open, or half-open with its probes out: not an attempt, and not retried (FailureKind.DEPLOYMENT).
                    return CompletableFuture.failedFuture(new CircuitBreakerOpenException(state.breaker()));
                }
                synchronized (this) {
                    attempts++;
                    if (firstTried == null) {
                        firstTried = member.id();
                    }
                }
                AtomicBoolean recorded = new AtomicBoolean();
                Consumer<Throwable> outcome = failure -> {
                    if (recorded.compareAndSet(false, true)) {
                        state.recordOutcome(failure);
                    }
                };
                CompletableFuture<T> started = call(member, failure -> {
                    outcome.accept(failure);
                    release.run();
                });
                // Recorded before the retry policy sees the outcome, so a retry finds the breaker's permit back.
                CompletableFuture<T> ended = new CompletableFuture<>();
                started.whenComplete((value, failure) -> {
                    if (failure != null || !(value instanceof ChatStream)) {
                        outcome.accept(failure);
                    }
                    if (failure != null) {
                        ended.completeExceptionally(failure);
                    } else {
                        ended.complete(value);
                    }
                });
                ended.whenComplete((value, failure) -> {
                    if (ended.isCancelled()) {
                        started.cancel(true);
                    }
                });
                return ended;
            });
            current = call;
            if (result.isCancelled()) {
                call.cancel(true);
            }
            call.whenComplete((value, failure) -> {
                if (failure == null) {
                    if (!(value instanceof ChatStream)) {
                        release.run();
                    }
                    succeed(member, value);
                    return;
                }
                release.run();
                failed(member, failure);
            });
        }

        private void succeed(GroupMember member, T value) {
            RouteReport report;
            synchronized (this) {
                String from = firstTried != null && !firstTried.equals(member.id()) ? firstTried : null;
                String reason = plan.reason();
                if (plan != route.plan() && plan.group() != null) {
                    reason = reason + "; group=" + plan.group().name();
                }
                report = new RouteReport(member.deployment(), attempts, plan.strategy().wireName(), reason, from, plan.task());
            }
            if (!result.complete(new Routed<>(value, report)) && value instanceof ChatStream stream) {
                // The client left while the first chunk was on its way: close the provider stream.
                stream.chunks().subscribe().dispose();
            }
        }

        private void failed(GroupMember member, Throwable failure) {
            Throwable cause = unwrap(failure);
            if (cause instanceof CircuitBreakerOpenException) {
                unavailable(member.state().openFor());
                tryNext();
                return;
            }
            FailureKind kind = FailureKind.of(cause);
            synchronized (this) {
                lastFailure = cause;
            }
            switch (kind) {
                case RETRYABLE, DEPLOYMENT -> tryNext();
                case CONTEXT_LENGTH -> fallBackTo(plan.group() == null ? null : plan.group().contextWindowFallback(), cause);
                case CONTENT_POLICY -> fallBackTo(plan.group() == null ? null : plan.group().contentPolicyFallback(), cause);
                case CLIENT -> result.completeExceptionally(cause);
            }
        }

        /** Jumps to a special fallback group (context window, content policy), or fails with {@code cause}. */
        private void fallBackTo(String group, Throwable cause) {
            RoutePlan fallback = group == null ? null : groupPlan(group);
            if (fallback == null) {
                result.completeExceptionally(cause);
                return;
            }
            switchTo(fallback);
            tryNext();
        }

        /** The next of the current group's {@code fallbacks} that can serve, or null. */
        private RoutePlan nextGroup() {
            List<String> fallbacks = plan.group() == null ? List.of() : plan.group().fallbacks();
            for (String group : fallbacks) {
                RoutePlan fallback = groupPlan(group);
                if (fallback != null) {
                    return fallback;
                }
            }
            return null;
        }

        private RoutePlan groupPlan(String group) {
            if (fallbackGroups >= settings.maxFallbackGroups() || !visitedGroups.add(group)) {
                return null;
            }
            RoutePlan fallback = route.fallback(group);
            if (fallback != null) {
                fallbackGroups++;
            }
            return fallback;
        }

        private void switchTo(RoutePlan fallback) {
            plan = fallback;
            next = 0;
        }

        private synchronized void unavailable(Duration forHowLong) {
            Duration wait = forHowLong == null || forHowLong.isZero() ? Duration.ofSeconds(1) : forHowLong;
            if (unavailableFor == null || wait.compareTo(unavailableFor) < 0) {
                unavailableFor = wait;
            }
        }

        /** The last provider error when there was one; else every deployment was refused locally (open breakers, full bulkheads). */
        private synchronized Throwable finalError() {
            if (lastFailure != null) {
                return lastFailure;
            }
            String name = route.plan().group() != null ? route.plan().group().name() : route.plan().requested();
            return new GatewayException(ErrorType.SERVICE_UNAVAILABLE, "Every deployment of the model '" + name
                    + "' is unavailable right now (circuit breaker open or at capacity). Retry later.", null,
                    "deployments_unavailable", unavailableFor);
        }

        private static Throwable unwrap(Throwable failure) {
            Throwable current = failure;
            while (current instanceof CompletionException && current.getCause() != null) {
                current = current.getCause();
            }
            return current;
        }
    }
}

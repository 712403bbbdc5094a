package io.llmux.routing;

import dev.failsafe.spi.DefaultScheduledFuture;
import dev.failsafe.spi.Scheduler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where Failsafe runs attempts. Its default scheduler hands every attempt, the first included, to
 * the common ForkJoinPool: a thread hop per request, and a provider call made off the event loop
 * loses the loop-local connection pool and timers {@link io.llmux.provider.http.UpstreamHttp}
 * relies on. Here an attempt due now runs at once on the calling thread (it only starts a
 * non-blocking call), and a delayed retry is timed on the caller's event loop, or on one shared
 * timer thread when the caller is not an event loop (a test, a virtual thread).
 */
final class EventLoopScheduler implements Scheduler {

    static final EventLoopScheduler INSTANCE = new EventLoopScheduler();

    private static final ScheduledExecutorService FALLBACK_TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "llmux-retry-timer");
        thread.setDaemon(true);
        return thread;
    });

    private EventLoopScheduler() {
    }

    @Override
    public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
        if (delay <= 0) {
            try {
                callable.call();
            } catch (Exception e) {
                // Failsafe's callables report their outcome through the execution, not by throwing.
                throw new IllegalStateException(e);
            }
            return new DefaultScheduledFuture<>();
        }
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        ScheduledExecutorService timer = loop != null && !loop.isShuttingDown() ? loop : FALLBACK_TIMER;
        return timer.schedule(callable, delay, unit);
    }
}

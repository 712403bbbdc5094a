package io.llmux.routing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this instance has seen of one deployment: latency averages (time to first token of
 * streams, total time of whole calls and of streams) and the calls in flight right now. Local to
 * the instance on purpose: it is read on every routing decision, and a shared store would put a
 * network round trip there.
 */
public final class DeploymentHealth {

    private final LatencyEwma firstToken = new LatencyEwma();
    private final LatencyEwma total = new LatencyEwma();
    private final AtomicInteger inFlight = new AtomicInteger();

    public void recordFirstToken(long nanos) {
        firstToken.record(nanos);
    }

    public void recordTotal(long nanos) {
        total.record(nanos);
    }

    /** The EWMA of time to first token in milliseconds, or -1 when no stream has been seen. */
    public double firstTokenMillis() {
        double nanos = firstToken.nanos();
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    /** The EWMA of total call time in milliseconds, or -1 when no call has been seen. */
    public double totalMillis() {
        double nanos = total.nanos();
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    /** The latency the latency strategy compares: first token for a stream, total time otherwise (-1 when unknown). */
    public double latencyMillis(boolean stream) {
        double preferred = stream ? firstTokenMillis() : totalMillis();
        return preferred >= 0 ? preferred : (stream ? totalMillis() : firstTokenMillis());
    }

    public int inFlight() {
        return inFlight.get();
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished() {
        inFlight.decrementAndGet();
    }
}

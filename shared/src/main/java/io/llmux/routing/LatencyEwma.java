package io.llmux.routing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average of latency samples, in nanoseconds, updated without a
 * lock (a compare-and-set on the double's bits): it sits on every call's path.
 */
final class LatencyEwma {

    /** Weight of the newest sample: about the last ten calls matter. */
    static final double ALPHA = 0.2;
    private static final long EMPTY = Double.doubleToRawLongBits(-1);

    private final AtomicLong bits = new AtomicLong(EMPTY);

    void record(long nanos) {
        double sample = nanos;
        long current;
        long next;
        do {
            current = bits.get();
            double average = Double.longBitsToDouble(current);
            next = Double.doubleToRawLongBits(average < 0 ? sample : average + ALPHA * (sample - average));
        } while (!bits.compareAndSet(current, next));
    }

    /** The average in nanoseconds, or -1 before the first sample. */
    double nanos() {
        return Double.longBitsToDouble(bits.get());
    }
}

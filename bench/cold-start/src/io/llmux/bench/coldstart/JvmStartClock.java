package io.llmux.bench.coldstart;

import java.lang.management.ManagementFactory;

/**
 * Milliseconds from JVM start to moments marked during a cold start. A mark is only
 * {@link System#nanoTime()}; the JVM's start time is read once, after the measured work, because
 * the first call into {@code java.lang.management} loads about 40 classes and a native library
 * (about 20 ms on a cold JVM) that a function on Lambda never loads: read at the moment the
 * handler is ready, as the probes did before, it was counted in every figure.
 */
final class JvmStartClock {

    private JvmStartClock() {
    }

    static long mark() {
        return System.nanoTime();
    }

    /** Call once the measurement is over: it touches {@code java.lang.management}. */
    static long millisSinceJvmStart(long mark) {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        return nowMillis - (nowNanos - mark) / 1_000_000 - jvmStartMillis;
    }
}

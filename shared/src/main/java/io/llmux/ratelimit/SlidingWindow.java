package io.llmux.ratelimit;

/**
 * The sliding-window counter both limiters use: a request is counted in the current fixed window,
 * and the usage "over the last minute" is estimated as the current window's count plus the
 * previous window's, weighted by how much of the previous window the last minute still covers.
 * It needs two counters per policy (no per-request log), smooths the burst a fixed window allows
 * at its boundary, and assumes the previous window's requests were spread evenly.
 *
 * <p>The Redis script decides with the same arithmetic (the same double operations in the same
 * order), so the reported remaining quota matches its decision.
 */
public final class SlidingWindow {

    private SlidingWindow() {
    }

    /** The index of the fixed window a moment falls in. */
    public static long index(long nowMillis, long windowMillis) {
        return Math.floorDiv(nowMillis, windowMillis);
    }

    public static long elapsed(long nowMillis, long windowMillis) {
        return Math.floorMod(nowMillis, windowMillis);
    }

    /** The estimated usage over the last window. */
    public static double estimate(long current, long previous, long elapsedMillis, long windowMillis) {
        double weight = (double) (windowMillis - elapsedMillis) / windowMillis;
        return previous * weight + current;
    }

    public static boolean admits(long limit, long cost, long current, long previous, long elapsedMillis, long windowMillis) {
        return estimate(current, previous, elapsedMillis, windowMillis) + cost <= limit;
    }

    /** Quota left, after {@code used} (an estimate, rounded up so that it never promises too much). */
    public static long remaining(long limit, double used) {
        return Math.max(0, limit - (long) Math.ceil(used));
    }

    /**
     * How long until a request of {@code cost} would be admitted, given the counts now. The
     * previous window's weight falls as time passes; when the current window alone is too full,
     * the wait runs into the next window, where today's count becomes the decaying one. A request
     * larger than the limit never fits: it gets a full window.
     */
    public static long retryAfterMillis(long limit, long cost, long current, long previous, long elapsedMillis, long windowMillis) {
        long untilNextWindow = windowMillis - elapsedMillis;
        if (cost > limit) {
            return untilNextWindow + windowMillis;
        }
        if (current + cost <= limit) {
            // previous * (W - e - t) / W <= limit - current - cost
            double t = untilNextWindow - (double) (limit - current - cost) * windowMillis / previous;
            return Math.max(1, (long) Math.ceil(t));
        }
        // In the next window: current * (W - e') / W + cost <= limit.
        double intoNext = windowMillis - (double) (limit - cost) * windowMillis / current;
        return untilNextWindow + Math.max(0, (long) Math.ceil(intoNext));
    }

    /**
     * When an admitted policy's quota is fully restored: the current window's count decays
     * through the whole next window, so usage is back to zero at the end of the next window, or
     * at the end of this one when nothing was counted in it.
     */
    public static long resetMillis(long current, long previous, long elapsedMillis, long windowMillis) {
        long untilNextWindow = windowMillis - elapsedMillis;
        if (current > 0) {
            return untilNextWindow + windowMillis;
        }
        return previous > 0 ? untilNextWindow : 0;
    }
}

package io.llmux.telemetry;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random bits for ids (request ids, trace and span ids) that stay unique across copies of one
 * SnapStart snapshot.
 *
 * <p>ThreadLocalRandom cannot do this: its seeds live in the heap and the threads that are
 * snapshotted, so every instance restored from one snapshot would hand out the same sequence
 * (duplicate request and trace ids across instances). This source is SplittableRandom's
 * algorithm (a counter advanced by an odd gamma, then a 64-bit mix) on one shared atomic
 * counter, seeded from SecureRandom at start and again by {@link #reseed()} after a restore.
 * The ids need to be unique, not unguessable: nothing secret is derived from them.
 */
public final class RestoreSafeRandom {

    private static volatile State state = State.fresh();

    private RestoreSafeRandom() {
    }

    public static long nextLong() {
        State s = state;
        return mix64(s.counter.addAndGet(s.gamma));
    }

    /** Draws a new seed from SecureRandom: call after a restore from a snapshot. */
    public static void reseed() {
        state = State.fresh();
    }

    /** The current state, so that a test can play a restore from one snapshot twice. */
    static Object capture() {
        State s = state;
        return new State(s.gamma, new AtomicLong(s.counter.get()));
    }

    /** Puts back a captured state, as a restore from the snapshot that held it would. */
    static void restore(Object captured) {
        State s = (State) captured;
        state = new State(s.gamma, new AtomicLong(s.counter.get()));
    }

    /** Stafford's variant 13 of MurmurHash3's finaliser, as SplittableRandom uses. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private record State(long gamma, AtomicLong counter) {
        static State fresh() {
            SecureRandom seeds = new SecureRandom();
            // An odd gamma visits every counter value before it repeats.
            return new State(seeds.nextLong() | 1L, new AtomicLong(seeds.nextLong()));
        }
    }
}

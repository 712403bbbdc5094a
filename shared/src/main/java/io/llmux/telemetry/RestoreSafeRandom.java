package io.llmux.telemetry;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Random bits for ids (request ids, trace and span ids) that stay unique across copies of one
 * SnapStart snapshot.
 *
 * <p>ThreadLocalRandom alone cannot do this: its seeds live in the snapshotted heap and threads,
 * so every instance restored from one snapshot would hand out the same sequence (duplicate request
 * and trace ids across instances). Its bits are therefore XORed with a salt drawn from
 * SecureRandom at start and again by {@link #reseed()} after each restore: copies that draw the
 * same ThreadLocalRandom sequence differ by their salts. This keeps ThreadLocalRandom's cost (no
 * shared state to contend on; RequestIdBenchmark measured a shared atomic counter at about 25
 * times the cost on two threads). The ids need to be unique, not unguessable: nothing secret is
 * derived from them.
 */
public final class RestoreSafeRandom {

    private static final RestoreSafeRandom GLOBAL = new RestoreSafeRandom(() -> ThreadLocalRandom.current().nextLong());

    private final LongSupplier bits;
    private volatile long salt = new SecureRandom().nextLong();

    /** @param bits the per-copy source whose state a snapshot would freeze */
    RestoreSafeRandom(LongSupplier bits) {
        this.bits = bits;
    }

    /** The source behind the gateway's ids. */
    static RestoreSafeRandom global() {
        return GLOBAL;
    }

    public static long nextLong() {
        return GLOBAL.next();
    }

    /** Draws a new salt from SecureRandom: call after a restore from a snapshot. */
    public static void reseed() {
        GLOBAL.newSalt();
    }

    long next() {
        return bits.getAsLong() ^ salt;
    }

    void newSalt() {
        salt = new SecureRandom().nextLong();
    }

    long salt() {
        return salt;
    }

    /** Sets the salt a snapshot would have held, so that a test can restore one snapshot twice. */
    void salt(long snapshotted) {
        salt = snapshotted;
    }
}

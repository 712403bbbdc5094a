package io.llmux.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Plays one snapshot restored twice. A snapshot freezes ThreadLocalRandom's state, so each
 * restored copy here draws its bits from a SplittableRandom with the same seed, and starts with
 * the salt the snapshot held. Without a re-seed both copies hand out the same ids; after one they
 * must not.
 */
class RestoreSafeRandomTest {

    private static final long SNAPSHOTTED_SEED = 0x5eed_5eedL;
    private static final long SNAPSHOTTED_SALT = RestoreSafeRandom.global().salt();

    private static RestoreSafeRandom restoredCopy(boolean reseed) {
        RestoreSafeRandom copy = new RestoreSafeRandom(new SplittableRandom(SNAPSHOTTED_SEED)::nextLong);
        copy.salt(SNAPSHOTTED_SALT);
        if (reseed) {
            copy.newSalt();
        }
        return copy;
    }

    private static List<String> take(Supplier<String> ids) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            out.add(ids.get());
        }
        return out;
    }

    @Test
    void copiesOfOneSnapshotRepeatEachOthersRequestIdsUntilReseeded() {
        RestoreSafeRandom a = restoredCopy(false);
        RestoreSafeRandom b = restoredCopy(false);
        assertEquals(take(() -> RequestIds.next(a)), take(() -> RequestIds.next(b)),
                "a restored state replays its sequence: this is what re-seeding has to prevent");

        RestoreSafeRandom c = restoredCopy(true);
        RestoreSafeRandom d = restoredCopy(true);
        assertDisjoint(take(() -> RequestIds.next(c)), take(() -> RequestIds.next(d)));
    }

    @Test
    void copiesOfOneSnapshotStartDifferentTracesOnceReseeded() {
        var a = new RestoreSafeXrayIdGenerator(restoredCopy(true));
        var b = new RestoreSafeXrayIdGenerator(restoredCopy(true));
        assertDisjoint(take(a::generateTraceId), take(b::generateTraceId));
        assertDisjoint(take(a::generateSpanId), take(b::generateSpanId));
    }

    @Test
    void theGlobalReseedChangesTheSalt() {
        long before = RestoreSafeRandom.global().salt();
        RestoreSafeRandom.reseed();
        assertNotEquals(before, RestoreSafeRandom.global().salt());
    }

    @Test
    void requestIdsKeepTheirShape() {
        for (String id : take(RequestIds::next)) {
            assertTrue(id.matches("req_[0-9a-f]{24}"), id);
        }
        assertEquals("client-id-1", RequestIds.accept("client-id-1"));
    }

    @Test
    void traceIdsAreXrayIdsStartingWithTheEpochSecond() {
        long before = System.currentTimeMillis() / 1000;
        String trace = RestoreSafeXrayIdGenerator.INSTANCE.generateTraceId();
        long after = System.currentTimeMillis() / 1000;
        long seconds = Long.parseLong(trace.substring(0, 8), 16);
        assertTrue(seconds >= before && seconds <= after, trace);
        assertTrue(TraceId.isValid(trace), trace);
        assertTrue(SpanId.isValid(RestoreSafeXrayIdGenerator.INSTANCE.generateSpanId()));
    }

    private static void assertDisjoint(List<String> a, List<String> b) {
        var common = new HashSet<>(a);
        common.retainAll(b);
        assertTrue(common.isEmpty(), "shared ids " + common);
    }
}

package io.llmux.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Plays one snapshot restored twice: the captured state put back stands for a restored copy.
 * Without a re-seed both copies would hand out the same ids; after one they must not.
 */
class RestoreSafeRandomTest {

    private static List<String> take(Supplier<String> ids) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(ids.get());
        }
        return out;
    }

    private static List<String> restoredCopy(Object snapshot, boolean reseed, Supplier<String> ids) {
        RestoreSafeRandom.restore(snapshot);
        if (reseed) {
            RestoreSafeRandom.reseed();
        }
        return take(ids);
    }

    @Test
    void copiesOfOneSnapshotRepeatEachOthersRequestIdsUntilReseeded() {
        Object snapshot = RestoreSafeRandom.capture();
        assertEquals(restoredCopy(snapshot, false, RequestIds::next), restoredCopy(snapshot, false, RequestIds::next),
                "a restored state replays its sequence: this is what re-seeding has to prevent");

        List<String> first = restoredCopy(snapshot, true, RequestIds::next);
        List<String> second = restoredCopy(snapshot, true, RequestIds::next);
        assertDisjoint(first, second);
    }

    @Test
    void copiesOfOneSnapshotStartDifferentTracesOnceReseeded() {
        Supplier<String> traces = RestoreSafeXrayIdGenerator.INSTANCE::generateTraceId;
        Supplier<String> spans = RestoreSafeXrayIdGenerator.INSTANCE::generateSpanId;
        Object snapshot = RestoreSafeRandom.capture();
        assertDisjoint(restoredCopy(snapshot, true, traces), restoredCopy(snapshot, true, traces));
        assertDisjoint(restoredCopy(snapshot, true, spans), restoredCopy(snapshot, true, spans));
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

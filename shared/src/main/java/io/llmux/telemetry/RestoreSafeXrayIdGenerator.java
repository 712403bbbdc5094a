package io.llmux.telemetry;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * X-Ray trace ids (32 bits of epoch seconds, then 96 random bits) and span ids, drawn from
 * {@link RestoreSafeRandom}. AwsXrayIdGenerator makes the same ids from ThreadLocalRandom, whose
 * state a SnapStart snapshot freezes: instances restored from one snapshot would start the same
 * traces.
 */
public final class RestoreSafeXrayIdGenerator implements IdGenerator {

    public static final RestoreSafeXrayIdGenerator INSTANCE = new RestoreSafeXrayIdGenerator(RestoreSafeRandom.global());

    private final RestoreSafeRandom random;

    RestoreSafeXrayIdGenerator(RestoreSafeRandom random) {
        this.random = random;
    }

    @Override
    public String generateSpanId() {
        long id;
        do {
            id = random.next();
        } while (id == 0);
        return SpanId.fromLong(id);
    }

    @Override
    public String generateTraceId() {
        long epochSeconds = System.currentTimeMillis() / 1000;
        long high = (epochSeconds << 32) | (random.next() & 0xFFFFFFFFL);
        return TraceId.fromLongs(high, random.next());
    }
}

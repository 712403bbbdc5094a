package io.llmux.chat.testing;

import io.llmux.pipeline.UsageMeter;
import io.llmux.pipeline.UsageRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every usage record instead of logging it, so tests can check what was metered. Exists
 * only in gateways started with {@value #ENABLE}=true; it then replaces the (secondary) logging meter.
 */
@Singleton
@Requires(property = RecordingUsageMeter.ENABLE, value = "true")
public final class RecordingUsageMeter implements UsageMeter {

    public static final String ENABLE = "test.recording-meter";

    private final List<UsageRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void record(UsageRecord record) {
        records.add(record);
    }

    /** The records of one request, by its x-request-id. */
    public List<UsageRecord> recordsOf(String requestId) {
        return records.stream().filter(r -> r.requestId().equals(requestId)).toList();
    }

    public List<UsageRecord> all() {
        return List.copyOf(records);
    }

    public void clear() {
        records.clear();
    }
}

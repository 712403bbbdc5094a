package io.llmux.usage;

import io.llmux.pipeline.UsageRecord;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import java.util.concurrent.atomic.AtomicInteger;

/** Usage records for tests. */
final class UsageRecords {

    private static final AtomicInteger IDS = new AtomicInteger();

    private UsageRecords() {
    }

    static UsageRecord record(String tenant, String key, String provider, String model, long prompt, long completion,
                              long cachedTokens, long costMicros) {
        return new UsageRecord("req-" + IDS.incrementAndGet(), tenant, key, "chat", provider, model,
                new Usage(prompt, completion, cachedTokens, UsageSource.PROVIDER), costMicros, UsageRecord.Outcome.COMPLETED);
    }

    static UsageRecord cacheHit(String tenant, String key, String provider, String model, long prompt, long completion) {
        return new UsageRecord("req-" + IDS.incrementAndGet(), tenant, key, "chat", provider, model,
                new Usage(prompt, completion, 0, UsageSource.PROVIDER), 0, UsageRecord.Outcome.COMPLETED, true);
    }
}

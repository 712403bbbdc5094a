package io.llmux.pipeline;

import java.util.concurrent.CompletableFuture;

/**
 * Where settled usage goes: the budget ledger and usage reports (DynamoDB) in production. The
 * pipeline calls it exactly once per request the provider answered (a 200, whole or streamed),
 * whatever happened next: completed, cut midway, or abandoned by the client. A call the provider
 * refused (429, 5xx, timeout before an answer) produced nothing and is not metered; neither is a
 * whole answer too malformed to read (the provider's usage report is in it).
 */
public interface UsageMeter {

    /** Records without waiting: a meter that writes to a store hands the write off. Never blocks. */
    void record(UsageRecord record);

    /**
     * Records, and completes once the record is durable (the store acknowledged it), so a caller
     * can hold its response until then: nothing a request owes runs after its response (DESIGN.md,
     * "Lambda"). Never blocks the calling thread. The default suits meters that are done when
     * {@link #record} returns.
     */
    default CompletableFuture<Void> recordDurably(UsageRecord record) {
        record(record);
        return CompletableFuture.completedFuture(null);
    }
}

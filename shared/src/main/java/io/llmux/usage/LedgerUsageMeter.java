package io.llmux.usage;

import io.llmux.pipeline.LoggingUsageMeter;
import io.llmux.pipeline.UsageMeter;
import io.llmux.pipeline.UsageRecord;
import io.micronaut.context.annotation.Secondary;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default meter: the structured {@code usage} log line, then the {@link UsageLedger}'s
 * counters. The pipeline settles on event-loop threads and the ledger blocks (DynamoDB), so the
 * ledger write runs on a virtual thread; {@link #recordDurably} completes when it is done, which
 * is what the pipeline waits for before it ends a response. A failed write is logged with the
 * request id and completes the future normally (the client still gets its answer); the usage log
 * line, written first, still has the record.
 */
@Singleton
@Secondary
public final class LedgerUsageMeter implements UsageMeter {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerUsageMeter.class);

    private final LoggingUsageMeter log = new LoggingUsageMeter();
    private final UsageLedger ledger;
    private final TenantZones zones;
    private final Clock clock;
    private final ExecutorService writes = Executors.newVirtualThreadPerTaskExecutor();

    public LedgerUsageMeter(UsageLedger ledger, TenantZones zones, Clock clock) {
        this.ledger = ledger;
        this.zones = zones;
        this.clock = clock;
    }

    @Override
    public void record(UsageRecord record) {
        recordDurably(record);
    }

    @Override
    public CompletableFuture<Void> recordDurably(UsageRecord record) {
        log.record(record);
        // The settlement instant decides the period, not the moment the write happens to run.
        Instant at = clock.instant();
        return CompletableFuture.runAsync(() -> ledger.add(record, zones.of(record.tenantId()), at), writes)
                .exceptionally(failure -> {
                    // The provider answered and the client is owed its answer: a ledger failure
                    // (after the SDK's retries) is logged for reconciliation, not turned into an error.
                    LOG.atError().addKeyValue("request_id", record.requestId()).addKeyValue("tenant_id", record.tenantId())
                            .setCause(failure).log("Usage ledger write failed; the usage log line has the record");
                    return null;
                });
    }

    /** Lets the writes in flight finish when the application stops (a deployment, a scale-in). */
    @PreDestroy
    void drain() throws InterruptedException {
        writes.shutdown();
        if (!writes.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("Usage ledger writes still running after 10 s at shutdown");
        }
    }
}

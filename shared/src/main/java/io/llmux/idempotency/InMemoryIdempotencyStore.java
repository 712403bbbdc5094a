package io.llmux.idempotency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Idempotency records in memory (bounded, each expiring after its own TTL); DynamoDB replaces it when configured. */
@Singleton
@Secondary
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    private record Entry(StoredResponse response, Duration ttl) {
    }

    private final Cache<String, Entry> entries;

    /** Expiry follows the application clock, as the DynamoDB store's does. */
    public InMemoryIdempotencyStore(Clock clock) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(100_000)
                .ticker(() -> nanos(clock.instant()))
                .expireAfter(Expiry.creating((String key, Entry entry) -> entry.ttl()))
                .build();
    }

    @Override
    public Optional<StoredResponse> find(String scope, String key) {
        Entry entry = entries.getIfPresent(scope + "\n" + key);
        return entry == null ? Optional.empty() : Optional.of(entry.response());
    }

    @Override
    public boolean save(String scope, String key, StoredResponse response, Duration ttl) {
        return entries.asMap().putIfAbsent(scope + "\n" + key, new Entry(response, ttl)) == null;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

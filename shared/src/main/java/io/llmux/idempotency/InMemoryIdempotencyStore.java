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
import java.util.UUID;

/**
 * Idempotency records in memory (bounded, each dropped when it expires: a claim at the end of its
 * lease, an answer after its TTL); DynamoDB replaces it when configured. Every transition is one
 * atomic {@code compute} on the record's entry.
 */
@Singleton
@Secondary
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    /** A running claim (response null) or a completed answer, and when it stops counting. */
    private record Entry(String owner, String requestHash, StoredResponse response, Instant expiresAt) {
    }

    private final Clock clock;
    private final Cache<String, Entry> entries;

    /** Expiry follows the application clock, as the DynamoDB store's does. */
    public InMemoryIdempotencyStore(Clock clock) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(100_000)
                .ticker(() -> nanos(clock.instant()))
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long now) {
                        return Math.max(0, nanos(entry.expiresAt()) - now);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long now, long remaining) {
                        return Math.max(0, nanos(entry.expiresAt()) - now);
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long now, long remaining) {
                        return remaining;
                    }
                })
                .build();
    }

    @Override
    public Claim claim(String scope, String key, String requestHash, Duration lease) {
        String owner = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Entry held = entries.asMap().compute(id(scope, key), (id, current) ->
                current == null || !current.expiresAt().isAfter(now) ? new Entry(owner, requestHash, null, now.plus(lease)) : current);
        if (held.response() != null) {
            return new Claim.Done(held.response());
        }
        return owner.equals(held.owner()) ? new Claim.Won(owner) : new Claim.Running(held.requestHash());
    }

    @Override
    public boolean complete(String scope, String key, String owner, StoredResponse response, Duration ttl) {
        Instant now = clock.instant();
        boolean[] completed = {false};
        entries.asMap().computeIfPresent(id(scope, key), (id, current) -> {
            if (current.response() != null || !owner.equals(current.owner())) {
                return current;
            }
            completed[0] = true;
            return new Entry(owner, response.requestHash(), response, now.plus(ttl));
        });
        return completed[0];
    }

    @Override
    public void release(String scope, String key, String owner) {
        entries.asMap().computeIfPresent(id(scope, key), (id, current) ->
                current.response() == null && owner.equals(current.owner()) ? null : current);
    }

    @Override
    public Optional<StoredResponse> find(String scope, String key) {
        Entry entry = entries.getIfPresent(id(scope, key));
        return entry == null || entry.response() == null || !entry.expiresAt().isAfter(clock.instant())
                ? Optional.empty() : Optional.of(entry.response());
    }

    private static String id(String scope, String key) {
        return scope + "\n" + key;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

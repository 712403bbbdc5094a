package io.llmux.idempotency;

import java.time.Duration;
import java.util.Optional;

/**
 * Records of creations by Idempotency-Key. A creation first <b>claims</b> its key; only the
 * request that wins the claim runs (and publishes its events), then <b>completes</b> the record
 * with its answer, which every other request with that key gets. Each step is one conditional
 * single-item write: no transaction.
 */
public interface IdempotencyStore {

    /** What claiming a key found. */
    sealed interface Claim {

        /** This request holds the key: it runs, then completes or releases with {@code owner}. */
        record Won(String owner) implements Claim {
        }

        /** Another request holds the key and is still running (its lease has not run out). */
        record Running(String requestHash) implements Claim {
        }

        /** The key's creation is done: its answer. */
        record Done(StoredResponse response) implements Claim {
        }
    }

    /**
     * Claims the key for a request with this body hash. A running claim whose {@code lease} has run
     * out (its holder crashed) is taken over; a completed record past its TTL counts as absent.
     */
    Claim claim(String scope, String key, String requestHash, Duration lease);

    /**
     * Replaces the claim with the answer, kept for {@code ttl}, if the claim is still {@code owner}'s.
     *
     * @return false when the claim was taken over after its lease ran out (the answer is not kept)
     */
    boolean complete(String scope, String key, String owner, StoredResponse response, Duration ttl);

    /** Gives up a claim after a failed creation, so that the key can be used again; a no-op if it is no longer owner's. */
    void release(String scope, String key, String owner);

    /** The completed answer for this key in this scope (e.g. the admin route and tenant), if any. */
    Optional<StoredResponse> find(String scope, String key);
}

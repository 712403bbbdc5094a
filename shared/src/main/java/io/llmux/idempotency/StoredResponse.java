package io.llmux.idempotency;

/**
 * The response a creation produced, kept so that a retry with the same Idempotency-Key gets the
 * same answer instead of a second tenant or key.
 *
 * @param requestHash a hash of the request body: the same key with a different body is an error
 * @param status      the HTTP status
 * @param body        the response body (for a key creation, it contains the key: stored only as
 *                    long as the retry window, and only in the gateway's own store)
 */
public record StoredResponse(String requestHash, int status, byte[] body) {
}

package io.llmux.admin.http;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.idempotency.IdempotencyStore;
import io.llmux.idempotency.StoredResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Creations that a client may safely retry: with the same {@code Idempotency-Key} and the same
 * body, a retry gets the first answer again (marked {@code Idempotent-Replayed: true}) instead of a
 * second tenant or key; the same key with another body is a 409. Records are kept 24 hours. Only
 * successes are recorded, so a request that failed (say, on a missing tenant) can be retried as is.
 *
 * <p>Two concurrent requests with one key both create; the store keeps the first answer, and the
 * other request undoes its own creation and answers with the first one, so the client still ends
 * up with exactly one resource.
 */
@Singleton
public final class IdempotentCreations {

    public static final String KEY_HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final String KEY_DOC = "Makes a retry with the same body return the first answer instead of creating again (kept 24 h; "
            + "1 to 255 visible ASCII characters, a UUID is a good choice)";
    static final Duration RETENTION = Duration.ofHours(24);
    private static final int MAX_KEY_LENGTH = 255;

    /** What a creation answered, and how to take it back. */
    public record Created(int status, byte[] body, Runnable undo) {
    }

    private final IdempotencyStore store;

    public IdempotentCreations(IdempotencyStore store) {
        this.store = store;
    }

    /** @param key the request's Idempotency-Key, or null */
    public MutableHttpResponse<byte[]> create(HttpRequest<?> request, String key, byte[] body, Supplier<Created> creation) {
        if (key == null) {
            Created created = creation.get();
            return AdminResponses.json(created.status(), created.body());
        }
        checkKey(key);
        String scope = request.getMethodName() + " " + request.getPath();
        String requestHash = sha256(body);
        Optional<StoredResponse> earlier = store.find(scope, key);
        if (earlier.isPresent()) {
            return replay(earlier.get(), requestHash);
        }
        Created created = creation.get();
        StoredResponse mine = new StoredResponse(requestHash, created.status(), created.body());
        if (store.save(scope, key, mine, RETENTION)) {
            return AdminResponses.json(created.status(), created.body());
        }
        Optional<StoredResponse> winner = store.find(scope, key);
        if (winner.isEmpty()) {
            return AdminResponses.json(created.status(), created.body());
        }
        created.undo().run();
        return replay(winner.get(), requestHash);
    }

    private static MutableHttpResponse<byte[]> replay(StoredResponse stored, String requestHash) {
        if (!MessageDigest.isEqual(stored.requestHash().getBytes(StandardCharsets.US_ASCII), requestHash.getBytes(StandardCharsets.US_ASCII))) {
            throw new GatewayException(ErrorType.CONFLICT,
                    "This Idempotency-Key was already used with a different request body. Use a new key for a new request.",
                    KEY_HEADER, "idempotency_key_reused", null);
        }
        return AdminResponses.json(stored.status(), stored.body()).header(REPLAYED_HEADER, "true");
    }

    private static void checkKey(String key) {
        boolean sane = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7F);
        if (!sane) {
            throw GatewayException.invalid(KEY_HEADER,
                    "The Idempotency-Key header must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters (a UUID is a good choice).");
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}

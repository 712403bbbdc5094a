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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creations that a client may safely retry: with the same {@code Idempotency-Key} and the same
 * body, a retry gets the first answer again (marked {@code Idempotent-Replayed: true}) instead of a
 * second tenant or key; the same key with another body is a 409. Records are kept 24 hours. Only
 * successes are recorded, so a request that failed (say, on a missing tenant) can be retried as is.
 *
 * <p>A creation claims its key before it runs, so of concurrent requests with one key exactly one
 * creates (and publishes tenant_created, key_created...); the others wait for its answer and
 * replay it. A claim whose holder crashed is taken over after {@link #LEASE}, longer than any admin
 * request lives (the Lambda function's timeout is 15 s).
 */
@Singleton
public final class IdempotentCreations {

    public static final String KEY_HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final String KEY_DOC = "Makes a retry with the same body return the first answer instead of creating again (kept 24 h; "
            + "1 to 255 visible ASCII characters, a UUID is a good choice)";
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How long a concurrent request waits for the holder's answer before answering 409 (retry later). */
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long MAX_PAUSE_MILLIS = 200;
    private static final int MAX_KEY_LENGTH = 255;
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentCreations.class);

    /** What a creation answered. */
    public record Created(int status, byte[] body) {
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
        long deadline = System.nanoTime() + WAIT.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            switch (store.claim(scope, key, requestHash, LEASE)) {
                case IdempotencyStore.Claim.Done done -> {
                    return replay(done.response(), requestHash);
                }
                case IdempotencyStore.Claim.Won won -> {
                    return run(scope, key, won.owner(), requestHash, creation);
                }
                case IdempotencyStore.Claim.Running running -> {
                    checkSameBody(running.requestHash(), requestHash);
                    if (System.nanoTime() - deadline > 0) {
                        throw stillRunning();
                    }
                    pause(pause);
                    pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
                }
            }
        }
    }

    /** The winner: creates, then records its answer; a failure gives the key back, so a corrected request can use it. */
    private MutableHttpResponse<byte[]> run(String scope, String key, String owner, String requestHash, Supplier<Created> creation) {
        Created created;
        try {
            created = creation.get();
        } catch (RuntimeException | Error failed) {
            store.release(scope, key, owner);
            throw failed;
        }
        if (!store.complete(scope, key, owner, new StoredResponse(requestHash, created.status(), created.body()), RETENTION)) {
            LOG.warn("An idempotent creation outlived its {} claim, which another request took over; its answer is not recorded", LEASE);
        }
        return AdminResponses.json(created.status(), created.body());
    }

    private static MutableHttpResponse<byte[]> replay(StoredResponse stored, String requestHash) {
        checkSameBody(stored.requestHash(), requestHash);
        return AdminResponses.json(stored.status(), stored.body()).header(REPLAYED_HEADER, "true");
    }

    private static void checkSameBody(String recorded, String requestHash) {
        if (!MessageDigest.isEqual(recorded.getBytes(StandardCharsets.US_ASCII), requestHash.getBytes(StandardCharsets.US_ASCII))) {
            throw new GatewayException(ErrorType.CONFLICT,
                    "This Idempotency-Key was already used with a different request body. Use a new key for a new request.",
                    KEY_HEADER, "idempotency_key_reused", null);
        }
    }

    private static GatewayException stillRunning() {
        return new GatewayException(ErrorType.CONFLICT,
                "A request with this Idempotency-Key is still being processed. Retry in a few seconds to get its answer.",
                KEY_HEADER, "idempotency_request_in_progress", null);
    }

    /** The controllers run on the blocking executor (virtual threads), never on the event loop, so waiting here is allowed. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stillRunning();
        }
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

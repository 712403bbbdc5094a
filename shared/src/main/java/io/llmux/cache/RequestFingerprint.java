package io.llmux.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.provider.Deployment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The SHA-256 of everything in a chat request that can change its answer, in a canonical form:
 * the tenant, the model as resolved ({@code provider/upstream-model}, so an alias and its target
 * share entries), and the whole body with object keys sorted and numbers by value ({@code 1} and
 * {@code 1.0} are the same temperature), minus {@link #EXCLUDED}. Hashing the whole body, not a
 * list of known fields, is deliberate: a parameter LLMux has never heard of still splits the key.
 *
 * <p>The encoding tags every value with its type and length, so no two different trees can
 * produce the same byte sequence.
 */
public final class RequestFingerprint {

    /** Bumped when the encoding or the stored value changes, so old entries are simply never found. */
    private static final String VERSION = "llmux-cache-v1";

    /**
     * Top-level fields that cannot change the completion:
     * <ul>
     * <li>{@code model}: replaced by the resolved deployment;</li>
     * <li>{@code stream}: only how the same completion is delivered (both are replayed from one entry);</li>
     * <li>{@code stream_options}: whether a usage chunk is sent (usage is stored anyway) and transport padding;</li>
     * <li>{@code user}, {@code safety_identifier}: end-user ids for the provider's abuse monitoring;</li>
     * <li>{@code metadata}, {@code store}: tags and retention of OpenAI's stored completions;</li>
     * <li>{@code prompt_cache_key}: a routing hint for the provider's prompt cache (changes cost, not text).</li>
     * </ul>
     */
    public static final Set<String> EXCLUDED = Set.of("model", "stream", "stream_options", "user", "safety_identifier",
            "metadata", "store", "prompt_cache_key");

    private RequestFingerprint() {
    }

    public static String of(String tenantId, Deployment deployment, ObjectNode body) {
        MessageDigest sha = sha256();
        text(sha, VERSION);
        text(sha, tenantId);
        text(sha, deployment.provider().name());
        text(sha, deployment.upstreamModel());
        List<String> names = new ArrayList<>(body.size());
        body.fieldNames().forEachRemaining(name -> {
            if (!EXCLUDED.contains(name)) {
                names.add(name);
            }
        });
        object(sha, body, names);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void value(MessageDigest sha, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                node.fieldNames().forEachRemaining(names::add);
                object(sha, node, names);
            }
            case ARRAY -> {
                sha.update((byte) '[');
                length(sha, node.size());
                for (JsonNode item : node) {
                    value(sha, item);
                }
            }
            case STRING -> {
                sha.update((byte) 's');
                text(sha, node.textValue());
            }
            case NUMBER -> {
                sha.update((byte) 'n');
                text(sha, number(node));
            }
            case BOOLEAN -> sha.update(node.booleanValue() ? (byte) 't' : (byte) 'f');
            default -> sha.update((byte) 'z');
        }
    }

    private static void object(MessageDigest sha, JsonNode node, List<String> names) {
        names.sort(null);
        sha.update((byte) '{');
        length(sha, names.size());
        for (String name : names) {
            text(sha, name);
            value(sha, node.get(name));
        }
    }

    /** Integers as integers, whole doubles as integers, other doubles in Java's shortest round-trip form. */
    private static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        double value = node.doubleValue();
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static void text(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        length(sha, bytes.length);
        sha.update(bytes);
    }

    private static void length(MessageDigest sha, int length) {
        sha.update((byte) (length >>> 24));
        sha.update((byte) (length >>> 16));
        sha.update((byte) (length >>> 8));
        sha.update((byte) length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

package io.llmux.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Page tokens as clients see them: opaque (base64url of a small JSON object of named positions)
 * and checked on the way back in. A token comes from the client, so anything that is not exactly
 * what a store issued is a 400 on {@code page_token}, never a store error.
 */
public final class PageTokens {

    /** The largest page any list returns. */
    public static final int MAX_LIMIT = 1000;
    private static final int MAX_TOKEN_LENGTH = 2048;
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private PageTokens() {
    }

    public static String encode(Map<String, String> fields) {
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(new TreeMap<>(fields));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode a page token", e);
        }
    }

    /** The fields of a token that must have exactly these names, each a non-empty string. */
    public static Map<String, String> decode(String token, Set<String> names) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        Map<String, String> fields;
        try {
            byte[] json = Base64.getUrlDecoder().decode(token);
            fields = Json.MAPPER.readValue(new String(json, StandardCharsets.UTF_8), FIELDS);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw invalid();
        }
        if (fields == null || !fields.keySet().equals(names) || fields.values().stream().anyMatch(v -> v == null || v.isEmpty())) {
            throw invalid();
        }
        return new LinkedHashMap<>(fields);
    }

    public static GatewayException invalid() {
        return GatewayException.invalid("page_token",
                "The page_token is not one this list issued. Pass the next_token of the previous page unchanged, or omit it for the first page.");
    }

    /** Limits outside 1..MAX_LIMIT are the caller's mistake, reported like any other bad parameter. */
    public static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw GatewayException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
    }
}

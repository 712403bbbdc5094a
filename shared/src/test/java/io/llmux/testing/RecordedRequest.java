package io.llmux.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request a fake provider received, exactly as it came off the wire, so tests can assert what
 * the gateway forwarded.
 *
 * @param method  the HTTP method
 * @param path    the request target, e.g. /v1/chat/completions
 * @param headers header values by lower-case name
 * @param body    the body bytes (de-chunked if the client sent them chunked)
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("The recorded body is not JSON: " + bodyText(), e);
        }
    }

    /** Whether the client asked for server-sent events ({@code "stream": true}). */
    public boolean streamed() {
        try {
            return json().path("stream").asBoolean(false);
        } catch (UncheckedIOException notJson) {
            return false;
        }
    }

    /** The key in {@code Authorization: Bearer KEY}, or empty. */
    public String bearerKey() {
        return header("Authorization").filter(v -> v.startsWith("Bearer ")).map(v -> v.substring(7)).orElse("");
    }
}

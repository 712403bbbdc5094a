package io.llmux.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tests' HTTP/1.1 client for every module: it sends exactly the bytes and headers a test gives
 * it (no serialisation of its own, no default Content-Type on raw sends), so tests see what a curl
 * user sees, and what the gateway makes of hostile input.
 */
public final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final String APPLICATION_JSON = "application/json";

    private final URI origin;
    private final String authorization;
    private final Map<String, String> headers;

    /** @param origin http://host:port, the server's root; requests carry no credential */
    public RawHttp(URI origin) {
        this(origin, null);
    }

    /** @param authorization the Authorization header every request carries, or null */
    public RawHttp(URI origin, String authorization) {
        this(origin, authorization, Map.of());
    }

    private RawHttp(URI origin, String authorization, Map<String, String> headers) {
        this.origin = origin;
        this.authorization = authorization;
        this.headers = headers;
    }

    /** The same client, adding a header to every request. */
    public RawHttp with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RawHttp(origin, authorization, more);
    }

    public Response get(String path) {
        return send("GET", path, null, (byte[]) null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, (byte[]) null);
    }

    /** POSTs a JSON body (Content-Type: application/json), or no body when json is null. */
    public Response post(String path, String json) {
        return send("POST", path, json);
    }

    public Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    /** A chat completion with the mock model. */
    public Response chat(String text) {
        return post("/v1/chat/completions", "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
    }

    /** Any method with a JSON body (Content-Type: application/json), or no body when json is null. */
    public Response send(String method, String path, String json) {
        return send(method, path, json == null ? null : APPLICATION_JSON, json);
    }

    public Response send(String method, String path, String contentType, String body) {
        return send(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param contentType the Content-Type header, or null to send none
     * @param body        the body bytes, or null to send no body
     */
    public Response send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(origin.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response, its body decoded as UTF-8. */
    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("HTTP " + status + " body is not JSON: " + body, e);
            }
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + contentType() + " " + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
        }
    }
}

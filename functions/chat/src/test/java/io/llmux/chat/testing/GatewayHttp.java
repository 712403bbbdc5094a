package io.llmux.chat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain HTTP calls to a gateway, for tests that check bytes, statuses and headers rather than what
 * an SDK makes of them.
 */
public final class GatewayHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public GatewayHttp(GatewayServer gateway) {
        this.baseUrl = gateway.baseUrl();
    }

    /** POSTs a JSON body to a path under /v1 and reads the whole answer (a stream included). */
    public HttpResponse<String> post(String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code data:} payloads of a server-sent event stream, in order. */
    public static List<String> sseData(String body) {
        List<String> data = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            StringBuilder payload = null;
            for (String line : event.split("\n")) {
                if (line.startsWith("data:")) {
                    String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                    payload = payload == null ? new StringBuilder(value) : payload.append('\n').append(value);
                }
            }
            if (payload != null) {
                data.add(payload.toString());
            }
        }
        return data;
    }
}

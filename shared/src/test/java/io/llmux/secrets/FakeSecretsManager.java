package io.llmux.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmux.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Secrets Manager's GetSecretValue on a loopback port, as the AWS SDK speaks it: AWS JSON 1.1
 * ({@code POST /}, {@code X-Amz-Target: secretsmanager.GetSecretValue}), errors as
 * {@code {"__type": ..., "message": ...}} with status 400. Requests that are not signed or not of
 * that shape are refused, so a test passes only if the client really spoke the protocol.
 */
final class FakeSecretsManager implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<String> requestedIds = new CopyOnWriteArrayList<>();

    private FakeSecretsManager(HttpServer server) {
        this.server = server;
    }

    static FakeSecretsManager start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeSecretsManager fake = new FakeSecretsManager(server);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    FakeSecretsManager put(String arn, String secretString) {
        secrets.put(arn, secretString);
        return this;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> requestedIds() {
        return requestedIds;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())
                    || !"secretsmanager.GetSecretValue".equals(target)
                    || contentType == null || !contentType.startsWith("application/x-amz-json-1.1")
                    || authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256")) {
                error(exchange, 400, "UnknownOperationException", "not a signed GetSecretValue request");
                return;
            }
            String id = Json.MAPPER.readTree(body).path("SecretId").asText();
            requestedIds.add(id);
            String value = secrets.get(id);
            if (value == null) {
                error(exchange, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                return;
            }
            ObjectNode response = Json.NODES.objectNode()
                    .put("ARN", id)
                    .put("Name", id.substring(id.lastIndexOf(':') + 1))
                    .put("SecretString", value)
                    .put("VersionId", "00000000-0000-0000-0000-000000000001");
            response.putArray("VersionStages").add("AWSCURRENT");
            respond(exchange, 200, response);
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(exchange, status, Json.NODES.objectNode().put("__type", type).put("message", message));
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-request");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.llmux.chat.testing;

import io.llmux.testing.RawHttp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A real gateway on a free loopback port, configured by properties (as an operator would with
 * environment variables). The mock provider answers instantly unless a test says otherwise, and a
 * development tenant is seeded whose key is {@link #API_KEY}.
 */
public final class GatewayServer implements AutoCloseable {

    /** The seeded development tenant's key (llmux.dev-key). */
    public static final String API_KEY = "llmux-sk-test-development-key";

    /**
     * One provider call per request and no circuit breaker: for tests that pin how one provider's
     * answers and faults reach the client. RoutingFaultsTest covers retries, breakers and failover.
     */
    public static final Map<String, Object> SINGLE_ATTEMPT = Map.of(
            "llmux.routing.resilience.max-retries", "0",
            "llmux.routing.resilience.circuit-breaker.enabled", "false");

    private final EmbeddedServer server;

    private GatewayServer(EmbeddedServer server) {
        this.server = server;
    }

    public static GatewayServer start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.server.port", -1);
        all.put("micronaut.server.host", "127.0.0.1");
        all.put("llmux.providers.mock.chunk-delay", "0ms");
        all.put("llmux.dev-key", API_KEY);
        all.putAll(properties);
        return new GatewayServer(ApplicationContext.run(EmbeddedServer.class, all));
    }

    public static GatewayServer start() {
        return start(Map.of());
    }

    /** http://127.0.0.1:PORT */
    public URI uri() {
        return server.getURI();
    }

    /** http://127.0.0.1:PORT/v1, what an OpenAI SDK takes as its base URL. */
    public String baseUrl() {
        return server.getURI() + "/v1";
    }

    /** The value of the Authorization header that authenticates as the development tenant. */
    public String authorization() {
        return "Bearer " + API_KEY;
    }

    /** A raw HTTP client that authenticates as the development tenant. */
    public RawHttp http() {
        return new RawHttp(uri(), authorization());
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    @Override
    public void close() {
        server.close();
    }
}

package io.llmux.chat.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A real gateway on a free loopback port, configured by properties (as an operator would with
 * environment variables). The mock provider answers instantly unless a test says otherwise.
 */
public final class GatewayServer implements AutoCloseable {

    private final EmbeddedServer server;

    private GatewayServer(EmbeddedServer server) {
        this.server = server;
    }

    public static GatewayServer start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.server.port", -1);
        all.put("micronaut.server.host", "127.0.0.1");
        all.put("llmux.providers.mock.chunk-delay", "0ms");
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

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    @Override
    public void close() {
        server.close();
    }
}

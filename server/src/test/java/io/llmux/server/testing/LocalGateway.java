package io.llmux.server.testing;

import io.llmux.testing.RawHttp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/**
 * The local server as bin/llmux-local runs it (every function's routes on one port, embedded
 * defaults), on a free loopback port, with an admin token and a development key.
 */
public final class LocalGateway implements AutoCloseable {

    public static final String ADMIN_TOKEN = "llmux-admin-server-test";
    public static final String DEV_KEY = "llmux-sk-server-test-development";

    private final EmbeddedServer server;

    private LocalGateway(EmbeddedServer server) {
        this.server = server;
    }

    public static LocalGateway start() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("llmux.providers.mock.chunk-delay", "0ms");
        properties.put("llmux.admin-token", ADMIN_TOKEN);
        properties.put("llmux.dev-key", DEV_KEY);
        return new LocalGateway(ApplicationContext.run(EmbeddedServer.class, properties));
    }

    /** A client that authenticates with the admin token. */
    public RawHttp admin() {
        return as("Bearer " + ADMIN_TOKEN);
    }

    /** A client that authenticates with a tenant key. */
    public RawHttp tenant(String key) {
        return as("Bearer " + key);
    }

    /** A client that sends this Authorization header (null for none). */
    public RawHttp as(String authorization) {
        return new RawHttp(server.getURI(), authorization);
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    @Override
    public void close() {
        server.close();
    }
}

package io.llmux.admin.testing;

import io.llmux.testing.RawHttp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The admin function's controllers on a real HTTP server, on a free loopback port, with {@link #TOKEN} as the admin token. */
public final class AdminServer implements AutoCloseable {

    public static final String TOKEN = "llmux-admin-test-token";

    private final EmbeddedServer server;

    private AdminServer(EmbeddedServer server) {
        this.server = server;
    }

    public static AdminServer start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.server.port", -1);
        all.put("micronaut.server.host", "127.0.0.1");
        all.put("llmux.admin-token", TOKEN);
        all.putAll(properties);
        return new AdminServer(ApplicationContext.run(EmbeddedServer.class, all));
    }

    public static AdminServer start() {
        return start(Map.of());
    }

    /** A client that sends the admin token. */
    public RawHttp admin() {
        return new RawHttp(server.getURI(), "Bearer " + TOKEN);
    }

    /** A client that sends this Authorization header (null for none). */
    public RawHttp as(String authorization) {
        return new RawHttp(server.getURI(), authorization);
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public URI uri() {
        return server.getURI();
    }

    @Override
    public void close() {
        server.close();
    }
}

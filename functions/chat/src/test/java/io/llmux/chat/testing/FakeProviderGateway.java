package io.llmux.chat.testing;

import io.llmux.testing.FakeProviderServer;
import io.llmux.testing.RawHttp;
import java.util.HashMap;
import java.util.Map;

/**
 * A real gateway whose provider is a fake, for tests that pin how one provider's answers and
 * faults reach the client: one provider call per request, no circuit breaker
 * ({@link GatewayServer#SINGLE_ATTEMPT}). Closing it stops both; a gateway that fails to start
 * stops the fake too.
 */
public final class FakeProviderGateway<F extends FakeProviderServer> implements AutoCloseable {

    private final F fake;
    private final GatewayServer gateway;

    private FakeProviderGateway(F fake, GatewayServer gateway) {
        this.fake = fake;
        this.gateway = gateway;
    }

    /** @param properties what points the gateway at {@code fake} (its key, URL or endpoint), and any other setting */
    public static <F extends FakeProviderServer> FakeProviderGateway<F> start(F fake, Map<String, Object> properties) {
        try {
            Map<String, Object> all = new HashMap<>(properties);
            all.putAll(GatewayServer.SINGLE_ATTEMPT);
            return new FakeProviderGateway<>(fake, GatewayServer.start(all));
        } catch (RuntimeException e) {
            fake.close();
            throw e;
        }
    }

    public F fake() {
        return fake;
    }

    public GatewayServer gateway() {
        return gateway;
    }

    /** POST /v1/chat/completions with one user message, "Hi"; streamed with include_usage when asked. */
    public RawHttp.Response chat(String model, boolean stream) {
        String options = stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "";
        return gateway.http().post("/v1/chat/completions", "{\"model\":\"" + model + "\"" + options
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            fake.close();
        }
    }
}

package io.llmux.chat.testing;

import io.llmux.testing.RawHttp;
import io.llmux.testing.FakeOpenAiServer;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway whose {@code openai} provider is a {@link FakeOpenAiServer}, with timeouts short
 * enough that a silent provider fails a test in about a second, and a {@link RecordingUsageMeter}.
 * The mock provider stays on, so one gateway serves both kinds of test.
 */
public final class FakeUpstreamGateway implements AutoCloseable {

    /** The upstream timeouts: short, yet far above what a loopback answer takes on a busy machine. */
    public static final String TIMEOUT = "1s";

    private final FakeOpenAiServer fake;
    private final GatewayServer gateway;

    private FakeUpstreamGateway(FakeOpenAiServer fake, GatewayServer gateway) {
        this.fake = fake;
        this.gateway = gateway;
    }

    public static FakeUpstreamGateway start(String apiKey) {
        return start(apiKey, TIMEOUT);
    }

    /** @param timeout the gateway's first-byte, idle and total timeouts for the fake provider */
    public static FakeUpstreamGateway start(String apiKey, String timeout) {
        FakeOpenAiServer fake = FakeOpenAiServer.start();
        try {
            Map<String, Object> properties = new HashMap<>();
            properties.put("llmux.providers.openai.api-key", apiKey);
            properties.put("llmux.providers.openai.base-url", fake.baseUrl());
            properties.put("llmux.providers.openai.first-byte-timeout", timeout);
            properties.put("llmux.providers.openai.idle-timeout", timeout);
            properties.put("llmux.providers.openai.total-timeout", timeout);
            properties.put(RecordingUsageMeter.ENABLE, "true");
            properties.putAll(GatewayServer.SINGLE_ATTEMPT);
            return new FakeUpstreamGateway(fake, GatewayServer.start(properties));
        } catch (RuntimeException e) {
            fake.close();
            throw e;
        }
    }

    public FakeOpenAiServer fake() {
        return fake;
    }

    public GatewayServer gateway() {
        return gateway;
    }

    public RawHttp http() {
        return gateway.http();
    }

    public RecordingUsageMeter meter() {
        return gateway.context().getBean(RecordingUsageMeter.class);
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

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

    private final FakeProviderGateway<FakeOpenAiServer> running;

    private FakeUpstreamGateway(FakeProviderGateway<FakeOpenAiServer> running) {
        this.running = running;
    }

    public static FakeUpstreamGateway start(String apiKey) {
        return start(apiKey, TIMEOUT);
    }

    /** @param timeout the gateway's first-byte, idle and total timeouts for the fake provider */
    public static FakeUpstreamGateway start(String apiKey, String timeout) {
        FakeOpenAiServer fake = FakeOpenAiServer.start();
        Map<String, Object> properties = new HashMap<>();
        properties.put("llmux.providers.openai.api-key", apiKey);
        properties.put("llmux.providers.openai.base-url", fake.baseUrl());
        properties.put("llmux.providers.openai.first-byte-timeout", timeout);
        properties.put("llmux.providers.openai.idle-timeout", timeout);
        properties.put("llmux.providers.openai.total-timeout", timeout);
        properties.put(RecordingUsageMeter.ENABLE, "true");
        return new FakeUpstreamGateway(FakeProviderGateway.start(fake, properties));
    }

    public FakeOpenAiServer fake() {
        return running.fake();
    }

    public GatewayServer gateway() {
        return running.gateway();
    }

    public RawHttp http() {
        return running.gateway().http();
    }

    public RecordingUsageMeter meter() {
        return running.gateway().context().getBean(RecordingUsageMeter.class);
    }

    @Override
    public void close() {
        running.close();
    }
}

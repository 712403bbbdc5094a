package io.llmux.chat.routing;

import io.llmux.chat.testing.GatewayServer;
import io.llmux.chat.testing.RecordingUsageMeter;
import io.llmux.testing.FakeOpenAiServer;
import io.llmux.testing.RawHttp;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway in front of three OpenAI-compatible providers, {@code alpha}, {@code beta} and
 * {@code gamma}, each a {@link FakeOpenAiServer} of its own, with short timeouts and a
 * {@link RecordingUsageMeter}: the stage for model groups and their faults.
 */
final class FakeDeployments implements AutoCloseable {

    static final String MODEL = "gpt-4o-mini";
    static final String ALPHA = "alpha/" + MODEL;
    static final String BETA = "beta/" + MODEL;
    static final String GAMMA = "gamma/" + MODEL;

    final FakeOpenAiServer alpha = FakeOpenAiServer.start();
    final FakeOpenAiServer beta = FakeOpenAiServer.start();
    final FakeOpenAiServer gamma = FakeOpenAiServer.start();
    GatewayServer gateway;

    FakeDeployments(Map<String, Object> routing) {
        Map<String, Object> properties = new HashMap<>();
        provider(properties, "alpha", alpha);
        provider(properties, "beta", beta);
        provider(properties, "gamma", gamma);
        properties.put(RecordingUsageMeter.ENABLE, "true");
        properties.putAll(routing);
        try {
            gateway = GatewayServer.start(properties);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static void provider(Map<String, Object> properties, String name, FakeOpenAiServer fake) {
        properties.put("llmux.providers." + name + ".base-url", fake.baseUrl());
        properties.put("llmux.providers." + name + ".api-key", "sk-" + name + "-fake-key");
        properties.put("llmux.providers." + name + ".first-byte-timeout", "1s");
        properties.put("llmux.providers." + name + ".idle-timeout", "1s");
        properties.put("llmux.providers." + name + ".total-timeout", "2s");
    }

    void reset() {
        alpha.reset();
        beta.reset();
        gamma.reset();
        meter().clear();
    }

    RawHttp http() {
        return gateway.http();
    }

    RecordingUsageMeter meter() {
        return gateway.context().getBean(RecordingUsageMeter.class);
    }

    RawHttp.Response chat(String model, boolean stream) {
        return chat(http(), model, stream);
    }

    static RawHttp.Response chat(RawHttp http, String model, boolean stream) {
        return http.post("/v1/chat/completions", """
                {"model":"%s","stream":%s,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Tell me about foxes."}]}"""
                .formatted(model, stream).replace(",\"stream_options\":{\"include_usage\":true}", stream ? ",\"stream_options\":{\"include_usage\":true}" : ""));
    }

    @Override
    public void close() {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            alpha.close();
            beta.close();
            gamma.close();
        }
    }
}

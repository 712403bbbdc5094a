package io.llmux.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Context as cdk.json (JSON types) and -c key=value (strings) give it; no synth needed. */
class SettingsTest {

    private static Settings read(Map<String, Object> context) {
        return Settings.from(context::get);
    }

    @Test
    void defaultsDescribeADevelopmentStackInAVpc() {
        Settings settings = read(Map.of());
        assertEquals("dev", settings.stage());
        assertEquals("llmux-dev", settings.stackName());
        assertEquals(List.of("openai"), settings.providers());
        assertTrue(settings.vpc());
        assertEquals(1, settings.natGateways());
        assertEquals(2048, settings.chatMemoryMb());
        assertEquals(1024, settings.adminMemoryMb());
        assertEquals(900, settings.chatTimeoutSeconds());
        assertTrue(settings.deletionProtection());
        assertFalse(settings.mockProvider());
        assertNull(settings.alarmEmail());
        assertEquals(30, settings.webAdapterLayerVersion(), "a Web Adapter layer that serves the SnapStart hook paths");
        assertFalse(settings.secretsInEnvironment(), "secret values stay out of the function configuration");
        assertEquals(Path.of("../functions/chat/target/llmux-function-chat.jar"), settings.chatJar());
        assertEquals(Path.of("../functions/admin/target/llmux-function-admin.jar"), settings.adminJar());
    }

    @Test
    void commandLineStringsAreParsed() {
        Map<String, Object> context = new HashMap<>();
        context.put("stage", "prod");
        context.put("providers", "openai, groq,openai");
        context.put("providerBaseUrls", "vllm=https://vllm.example/v1,ollama=http://10.0.0.5:11434/v1");
        context.put("vpc", "FALSE");
        context.put("chatMemoryMb", "3008");
        context.put("mockProvider", "true");
        Settings settings = read(context);
        assertEquals("prod", settings.stage());
        assertEquals(List.of("openai", "groq"), settings.providers());
        assertEquals(Map.of("vllm", "https://vllm.example/v1", "ollama", "http://10.0.0.5:11434/v1"), settings.providerBaseUrls());
        assertFalse(settings.vpc());
        assertEquals(3008, settings.chatMemoryMb());
        assertTrue(settings.mockProvider());
    }

    @Test
    void jsonTypesFromCdkJsonAreParsed() {
        Settings settings = read(Map.of("providers", List.of("mistral"), "vpc", false, "natGateways", 2,
                "providerBaseUrls", Map.of("vllm", "https://vllm.example/v1")));
        assertEquals(List.of("mistral"), settings.providers());
        assertFalse(settings.vpc());
        assertEquals(2, settings.natGateways());
        assertEquals(Map.of("vllm", "https://vllm.example/v1"), settings.providerBaseUrls());
    }

    @Test
    void badValuesNameTheirKey() {
        Map<String, Map<String, Object>> cases = Map.of(
                "stage", Map.of("stage", "Prod_1"),
                "vpc", Map.of("vpc", "yes"),
                "chatMemoryMb", Map.of("chatMemoryMb", "128"),
                "chatTimeoutSeconds", Map.of("chatTimeoutSeconds", 901),
                "natGateways", Map.of("natGateways", "two"),
                "providers", Map.of("providers", "open ai"),
                "maxAzs", Map.of("maxAzs", 1));
        cases.forEach((key, context) -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> read(context), key);
            assertTrue(refused.getMessage().startsWith("CDK context '" + key + "'"), refused.getMessage());
        });
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("providers", "mock")), "the mock has no key to keep");
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("providerBaseUrls", "vllm=ftp://x")));
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("providerBaseUrls", "https://no-name")));
    }

    @Test
    void aMissingJarStopsTheSynthWithTheBuildCommand() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ChatBundle.stage(Path.of("does/not/exist.jar")));
        assertTrue(refused.getMessage().contains("mvn -B -q package -pl functions/chat,functions/admin,functions/quota-reset -am -DskipTests"), refused.getMessage());
    }
}

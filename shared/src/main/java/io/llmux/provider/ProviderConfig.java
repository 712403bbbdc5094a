package io.llmux.provider;

import io.llmux.provider.http.UpstreamHttp;
import io.llmux.provider.http.UpstreamHttpFactory;
import io.llmux.tokens.TokenCounter;
import io.micronaut.context.env.Environment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads one provider's {@code llmux.providers.NAME.*} settings for a {@link ProviderFactory}, so
 * every adapter reads keys, URLs, model lists and timeouts the same way, with the same defaults.
 */
public final class ProviderConfig {

    public static final String PREFIX = "llmux.providers.";

    private final Environment environment;
    private final TokenCounter tokens;
    private final UpstreamHttpFactory http;

    public ProviderConfig(Environment environment, TokenCounter tokens, UpstreamHttpFactory http) {
        this.environment = environment;
        this.tokens = tokens;
        this.http = http;
    }

    /** A setting of provider {@code name}, trimmed; empty when unset or blank. */
    public Optional<String> string(String name, String setting) {
        return environment.getProperty(PREFIX + name + "." + setting, String.class)
                .map(String::trim).filter(value -> !value.isEmpty());
    }

    /** A list setting (comma-separated or indexed), or {@code fallback} when unset. */
    public List<String> strings(String name, String setting, List<String> fallback) {
        return environment.getProperty(PREFIX + name + "." + setting, List.class)
                .map(ProviderConfig::trimmed)
                .orElse(fallback);
    }

    public Duration duration(String name, String setting, Duration fallback) {
        return environment.getProperty(PREFIX + name + "." + setting, Duration.class, fallback);
    }

    /**
     * Whether the provider is on: {@code enabled} when the user set it, otherwise whether it is
     * {@code configured} (its key, or for keyless servers its URL, is present).
     */
    public boolean enabled(String name, boolean configured) {
        return environment.getProperty(PREFIX + name + ".enabled", Boolean.class).orElse(configured);
    }

    /**
     * The key of a provider that cannot work without one: empty when the provider is off (no key
     * set, or {@code enabled=false}); a start-up failure that names the setting and the usual
     * {@code variable} when it is switched on without one.
     */
    public Optional<String> requiredApiKey(String name, String variable) {
        Optional<String> key = string(name, "api-key");
        if (!enabled(name, key.isPresent())) {
            return Optional.empty();
        }
        if (key.isEmpty()) {
            throw new IllegalStateException("Provider '" + name + "' needs " + PREFIX + name + ".api-key (" + variable + ")");
        }
        return key;
    }

    /** The base URL, checked to be http(s); fails start-up with the setting's name when it is not. */
    public String baseUrl(String name, String fallback) {
        String url = string(name, "base-url").orElse(fallback);
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
            throw new IllegalStateException("Provider '" + name + "' needs " + PREFIX + name + ".base-url (an http or https URL)");
        }
        return url;
    }

    /** Settings with the standard timeouts read from configuration (connect 5 s, first byte 60 s, idle 60 s, total 600 s). */
    public ProviderSettings settings(String name, String apiKey, String baseUrl, List<String> defaultChatModels,
                                     List<String> defaultEmbeddingModels) {
        return new ProviderSettings(name, apiKey, baseUrl,
                strings(name, "models", defaultChatModels),
                strings(name, "embedding-models", defaultEmbeddingModels),
                duration(name, "connect-timeout", Duration.ofSeconds(5)),
                duration(name, "first-byte-timeout", Duration.ofSeconds(60)),
                duration(name, "idle-timeout", Duration.ofSeconds(60)),
                duration(name, "total-timeout", Duration.ofSeconds(600)));
    }

    /** An HTTP client for the provider's base URL, on the application's event loops. */
    public UpstreamHttp http(ProviderSettings settings) {
        return http.create(settings);
    }

    public TokenCounter tokens() {
        return tokens;
    }

    /** For settings no helper above covers. */
    public Environment environment() {
        return environment;
    }

    private static List<String> trimmed(List<?> values) {
        return values.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

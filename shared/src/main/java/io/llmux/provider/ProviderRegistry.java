package io.llmux.provider;

import io.llmux.provider.http.UpstreamHttpFactory;
import io.llmux.provider.mock.MockProvider;
import io.llmux.provider.openai.OpenAiCompatibleService;
import io.llmux.provider.openai.OpenAiProvider;
import io.llmux.provider.openai.Quirks;
import io.llmux.tokens.TokenCounter;
import io.micronaut.context.env.Environment;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers this gateway can call, built once at start-up from {@code llmux.providers.*}.
 *
 * <p>A provider lights up the way users expect: when its key is configured (OPENAI_API_KEY ...),
 * or, for self-hosted servers that need no key (Ollama, vLLM, a custom name), when its base URL is.
 * {@code enabled: false} turns any of them off. The built-in mock is on unless disabled.
 */
@Singleton
public final class ProviderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);
    private static final String PREFIX = "llmux.providers.";

    private final List<Provider> providers;

    @Inject
    public ProviderRegistry(Environment environment, TokenCounter tokens, UpstreamHttpFactory http) {
        this(build(environment, tokens, http));
    }

    public ProviderRegistry(List<Provider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** The enabled providers, in priority order: bare model names resolve to the first that lists them. */
    public List<Provider> providers() {
        return providers;
    }

    public Optional<Provider> byName(String name) {
        for (Provider provider : providers) {
            if (provider.name().equals(name)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    private static List<Provider> build(Environment env, TokenCounter tokens, UpstreamHttpFactory http) {
        Set<String> names = new LinkedHashSet<>();
        for (OpenAiCompatibleService service : OpenAiCompatibleService.values()) {
            names.add(service.id());
        }
        names.addAll(env.getPropertyEntries("llmux.providers"));
        names.remove(MockProvider.NAME);

        List<Provider> enabled = new ArrayList<>();
        for (String name : names) {
            openAiCompatible(env, name, http).ifPresent(enabled::add);
        }
        if (env.getProperty(PREFIX + "mock.enabled", Boolean.class, true)) {
            Duration delay = env.getProperty(PREFIX + "mock.chunk-delay", Duration.class, Duration.ofMillis(15));
            enabled.add(new MockProvider(tokens, delay));
        }
        LOG.atInfo().addKeyValue("providers", enabled.stream().map(Provider::name).toList())
                .log("Providers enabled");
        return enabled;
    }

    private static Optional<Provider> openAiCompatible(Environment env, String name, UpstreamHttpFactory http) {
        Optional<OpenAiCompatibleService> known = OpenAiCompatibleService.byId(name);
        String p = PREFIX + name + ".";
        String key = blankToNull(env.getProperty(p + "api-key", String.class).orElse(null));
        String configuredUrl = blankToNull(env.getProperty(p + "base-url", String.class).orElse(null));
        Optional<Boolean> switchedOn = env.getProperty(p + "enabled", Boolean.class);
        boolean keyRequired = known.map(OpenAiCompatibleService::keyRequired).orElse(false);
        boolean configured = key != null || (!keyRequired && configuredUrl != null);
        if (!switchedOn.orElse(configured)) {
            return Optional.empty();
        }
        String baseUrl = configuredUrl != null ? configuredUrl : known.map(OpenAiCompatibleService::defaultBaseUrl).orElse(null);
        if (baseUrl == null || !(baseUrl.startsWith("https://") || baseUrl.startsWith("http://"))) {
            throw new IllegalStateException("Provider '" + name + "' needs " + p + "base-url (an http or https URL)");
        }
        ProviderSettings settings = new ProviderSettings(name, key, baseUrl,
                env.getProperty(p + "models", List.class).map(ProviderRegistry::strings)
                        .orElse(known.map(OpenAiCompatibleService::chatModels).orElse(List.of())),
                env.getProperty(p + "embedding-models", List.class).map(ProviderRegistry::strings)
                        .orElse(known.map(OpenAiCompatibleService::embeddingModels).orElse(List.of())),
                duration(env, p + "connect-timeout", Duration.ofSeconds(5)),
                duration(env, p + "first-byte-timeout", Duration.ofSeconds(60)),
                duration(env, p + "idle-timeout", Duration.ofSeconds(60)),
                duration(env, p + "total-timeout", Duration.ofSeconds(600)));
        return Optional.of(new OpenAiProvider(settings, known.map(OpenAiCompatibleService::quirks).orElse(Quirks.NONE),
                http.create(settings)));
    }

    private static List<String> strings(List<?> values) {
        return values.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Duration duration(Environment env, String key, Duration fallback) {
        return env.getProperty(key, Duration.class, fallback);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

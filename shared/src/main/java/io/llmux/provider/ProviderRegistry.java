package io.llmux.provider;

import io.llmux.provider.http.UpstreamHttpFactory;
import io.llmux.provider.mock.MockProvider;
import io.llmux.provider.openai.OpenAiProviderFactory;
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
    public ProviderRegistry(Environment environment, TokenCounter tokens, UpstreamHttpFactory http, List<ProviderFactory> factories) {
        this(build(new ProviderConfig(environment, tokens, http), factories));
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

    private static List<Provider> build(ProviderConfig config, List<ProviderFactory> factories) {
        Set<String> names = new LinkedHashSet<>();
        for (ProviderFactory factory : factories) {
            names.addAll(factory.defaultNames());
        }
        names.addAll(config.environment().getPropertyEntries("llmux.providers"));
        names.remove(MockProvider.NAME);

        List<Provider> enabled = new ArrayList<>();
        for (String name : names) {
            factoryFor(name, config, factories).create(name, config).ifPresent(enabled::add);
        }
        if (config.environment().getProperty(ProviderConfig.PREFIX + "mock.enabled", Boolean.class, true)) {
            Duration delay = config.duration(MockProvider.NAME, "chunk-delay", Duration.ofMillis(15));
            enabled.add(new MockProvider(config.tokens(), delay));
        }
        LOG.atInfo().addKeyValue("providers", enabled.stream().map(Provider::name).toList())
                .log("Providers enabled");
        return enabled;
    }

    /** {@code NAME.type} when set; else the factory whose type or default names include NAME; else OpenAI-compatible. */
    private static ProviderFactory factoryFor(String name, ProviderConfig config, List<ProviderFactory> factories) {
        Optional<String> type = config.string(name, "type");
        for (ProviderFactory factory : factories) {
            if (type.isPresent() ? factory.type().equals(type.get())
                    : factory.type().equals(name) || factory.defaultNames().contains(name)) {
                return factory;
            }
        }
        if (type.isPresent() && !type.get().equals(OpenAiProviderFactory.TYPE)) {
            throw new IllegalStateException("Provider '" + name + "' has an unknown " + ProviderConfig.PREFIX + name
                    + ".type '" + type.get() + "'; known types: " + factories.stream().map(ProviderFactory::type).toList());
        }
        return factories.stream().filter(f -> f.type().equals(OpenAiProviderFactory.TYPE)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OpenAI provider factory"));
    }
}

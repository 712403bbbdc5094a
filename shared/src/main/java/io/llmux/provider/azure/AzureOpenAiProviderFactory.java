package io.llmux.provider.azure;

import io.llmux.provider.Provider;
import io.llmux.provider.ProviderConfig;
import io.llmux.provider.ProviderFactory;
import io.llmux.provider.ProviderSettings;
import io.llmux.provider.openai.OpenAiProvider;
import io.llmux.provider.openai.Quirks;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Azure OpenAI ({@code azure/gpt-4o}), on when {@code llmux.providers.azure.api-key}
 * (AZURE_OPENAI_API_KEY) is set; it then needs {@code endpoint} (AZURE_OPENAI_ENDPOINT).
 *
 * <p>Settings besides the standard ones ({@link ProviderConfig}): {@code endpoint}, the resource's
 * root such as https://my-resource.openai.azure.com; {@code api-version} (default
 * {@value #DEFAULT_API_VERSION}, the current GA version); {@code deployments}, models mapped to
 * deployment names, either as keys ({@code deployments.gpt-4o=prod-4o}) or as one
 * {@code model=deployment,...} string that fits an environment variable.
 */
@Singleton
public final class AzureOpenAiProviderFactory implements ProviderFactory {

    public static final String TYPE = "azure";
    public static final String DEFAULT_API_VERSION = "2024-10-21";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Provider> create(String name, ProviderConfig config) {
        return config.requiredApiKey(name, "AZURE_OPENAI_API_KEY").map(key -> create(name, key, config));
    }

    private static Provider create(String name, String key, ProviderConfig config) {
        String endpoint = config.string(name, "endpoint").or(() -> config.string(name, "base-url"))
                .filter(url -> url.startsWith("https://") || url.startsWith("http://"))
                .orElseThrow(() -> new IllegalStateException("Provider '" + name + "' needs " + ProviderConfig.PREFIX + name
                        + ".endpoint (AZURE_OPENAI_ENDPOINT), an https URL such as https://my-resource.openai.azure.com"));
        String apiVersion = config.string(name, "api-version").orElse(DEFAULT_API_VERSION);
        AzureDeployments deployments = new AzureDeployments(deployments(name, config));
        ProviderSettings settings = config.settings(name, key, endpoint, deployments.models(), List.of());
        OpenAiProvider openAi = new OpenAiProvider(settings, Quirks.NONE, config.http(settings),
                new AzureEndpoints(endpoint, key, apiVersion, deployments));
        return new AzureOpenAiProvider(name, openAi, deployments);
    }

    /** {@code deployments} as a {@code model=deployment,...} string, or as keys under it. */
    static Map<String, String> deployments(String name, ProviderConfig config) {
        String property = ProviderConfig.PREFIX + name + ".deployments";
        Optional<String> compact = config.environment().getProperty(property, String.class)
                .filter(value -> value.contains("="));
        if (compact.isPresent()) {
            return AzureDeployments.parsePairs(compact.get(), property);
        }
        Map<String, String> mapped = new LinkedHashMap<>();
        // RAW keeps a model name as written: gpt-4.1 stays one key, not gpt-4 and a nested 1.
        config.environment().getProperties(property, StringConvention.RAW).forEach((model, deployment) -> {
            String value = String.valueOf(deployment).trim();
            if (!value.isEmpty()) {
                mapped.put(model, value);
            }
        });
        return mapped;
    }
}

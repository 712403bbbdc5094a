package io.llmux.provider.bedrock;

import io.llmux.provider.Provider;
import io.llmux.provider.ProviderConfig;
import io.llmux.provider.ProviderFactory;
import io.llmux.provider.ProviderSettings;
import io.micronaut.core.annotation.Order;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Amazon Bedrock as an LLMux provider ({@code llmux.providers.bedrock.*}, or any name with
 * {@code type: bedrock}, e.g. a second region).
 *
 * <p>Bedrock is off unless {@code enabled} is true. Other providers light up when their key is
 * set, but Bedrock's credentials come from the AWS default chain, which cannot be probed cheaply
 * (it may end in an instance-metadata call), and every Lambda has AWS credentials and a region
 * whether or not its role may call Bedrock: lighting up on those would list Bedrock models on
 * gateways that cannot serve them. So the operator opts in, and a region is then required
 * ({@code region}, by default AWS_REGION); nothing of the SDK is built until the first call.
 */
@Singleton
@Order(40)
public final class BedrockProviderFactory implements ProviderFactory {

    public static final String TYPE = "bedrock";
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d$");
    private static final int DEFAULT_MAX_CONNECTIONS = 500;

    private final List<BedrockProvider> created = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Provider> create(String name, ProviderConfig config) {
        if (!config.enabled(name, false)) {
            return Optional.empty();
        }
        String region = config.string(name, "region").orElseThrow(() -> new IllegalStateException("Provider '" + name
                + "' is enabled but has no AWS region: set " + ProviderConfig.PREFIX + name + ".region (or AWS_REGION)"));
        if (!REGION.matcher(region).matches()) {
            throw new IllegalStateException("Provider '" + name + "' has an invalid " + ProviderConfig.PREFIX + name
                    + ".region '" + region + "' (expected a region code such as us-east-1)");
        }
        URI endpoint = config.string(name, "endpoint").map(value -> endpoint(name, value)).orElse(null);
        String baseUrl = endpoint != null ? endpoint.toString() : "https://bedrock-runtime." + region + ".amazonaws.com";
        ProviderSettings settings = config.settings(name, null, baseUrl, BedrockModels.DEFAULTS, List.of());
        int maxConnections = config.environment()
                .getProperty(ProviderConfig.PREFIX + name + ".max-connections", Integer.class, DEFAULT_MAX_CONNECTIONS);
        BedrockClientHolder client = new BedrockClientHolder(region, endpoint, settings.connectTimeout(),
                settings.totalTimeout(), maxConnections);
        BedrockProvider provider = new BedrockProvider(settings, client);
        created.add(provider);
        return Optional.of(provider);
    }

    private static URI endpoint(String name, String value) {
        if (!(value.startsWith("https://") || value.startsWith("http://"))) {
            throw new IllegalStateException("Provider '" + name + "' needs " + ProviderConfig.PREFIX + name
                    + ".endpoint to be an http or https URL");
        }
        try {
            return URI.create(value);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalStateException("Provider '" + name + "' has a malformed " + ProviderConfig.PREFIX + name + ".endpoint");
        }
    }

    /** Closes the SDK clients (their connections and event loops) when the application stops. */
    @PreDestroy
    void close() {
        created.forEach(BedrockProvider::close);
        created.clear();
    }
}

package io.llmux.secrets;

import io.micronaut.context.env.ActiveEnvironment;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adds the values of the secrets listed in {@code LLMUX_SECRET_ARNS} to the configuration
 * (docs/deploy.md, "Secrets"); does nothing when the variable is unset.
 *
 * <p>Why a {@link PropertySourceLoader} (registered in META-INF/services): Micronaut's Environment
 * calls every such loader while it reads its property sources, before any bean exists, whatever
 * starts the context: the Lambda handlers, the Netty server, {@code ApplicationContext.run} in
 * tests. The alternatives need every entry point to opt in: an {@code ApplicationContextConfigurer}
 * only sees the builder, and a {@code BootstrapPropertySourceLocator} runs only when the bootstrap
 * context is switched on. The price: configuration is not resolved yet at that point, so this
 * loader's own two settings come straight from the process environment (or system properties).
 *
 * <p>The source's order is above environment variables and configuration files, so a secret wins
 * over {@code ${OPENAI_API_KEY:}} style defaults, and below system properties and properties
 * given to the context builder, which remain the explicit overrides.
 */
public final class SecretsPropertySourceLoader implements PropertySourceLoader {

    /** Comma-separated ARNs, set by the CDK stack (infra-cdk SecretArns). */
    public static final String ARNS_VARIABLE = "LLMUX_SECRET_ARNS";
    public static final String ARNS_SYSTEM_PROPERTY = "llmux.secret-arns";
    /** An endpoint override (an emulator in tests); unset in AWS. */
    public static final String ENDPOINT_VARIABLE = "LLMUX_SECRETS_ENDPOINT";
    public static final String ENDPOINT_SYSTEM_PROPERTY = "llmux.secrets.endpoint";
    public static final String SOURCE_NAME = "llmux-secrets-manager";
    public static final int ORDER = EnvironmentPropertySource.POSITION + 50;

    /** The Environment may ask once per configuration location; the secrets are read once. */
    private boolean loaded;

    @Override
    public synchronized Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
        if (loaded) {
            return Optional.empty();
        }
        loaded = true;
        List<String> arns = arns(setting(ARNS_SYSTEM_PROPERTY, ARNS_VARIABLE));
        if (arns.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> values = SecretsManagerValues.read(arns, setting(ENDPOINT_SYSTEM_PROPERTY, ENDPOINT_VARIABLE));
        return Optional.of(PropertySource.of(SOURCE_NAME, values, ORDER));
    }

    @Override
    public Optional<PropertySource> loadEnv(String resourceName, ResourceLoader resourceLoader, ActiveEnvironment activeEnvironment) {
        return Optional.empty();
    }

    /** No file format: this loader reads no resources. */
    @Override
    public Set<String> getExtensions() {
        return Set.of();
    }

    @Override
    public Map<String, Object> read(String name, InputStream input) {
        return Map.of();
    }

    static List<String> arns(String list) {
        if (list == null) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::strip).filter(arn -> !arn.isEmpty()).toList();
    }

    private static String setting(String systemProperty, String variable) {
        String value = System.getProperty(systemProperty);
        return value != null ? value : System.getenv(variable);
    }
}

package io.llmux.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The credentials the functions read from Secrets Manager. Each secret's value is a JSON object
 * whose keys are LLMux property names ({@code llmux.admin-token}, ...), so the application can add
 * it to its configuration as it is (docs/deploy.md, "Secrets"):
 * <ul>
 * <li>the admin token (admin function only), generated;</li>
 * <li>the key-hash secret (both functions), generated once and kept forever: changing or losing
 * it invalidates every API key, so a stack deletion retains it;</li>
 * <li>one secret per provider (chat function only), created with an empty key for the operator to
 * fill in. One secret each, so adding a provider never rewrites the others' values.</li>
 * </ul>
 */
public final class AppSecrets extends Construct {

    private final Secret adminToken;
    private final Secret keyHashSecret;
    private final Map<String, ISecret> providerKeys = new LinkedHashMap<>();
    private final String prefix;

    public AppSecrets(Construct scope, String id, Settings settings) {
        super(scope, id);
        this.prefix = "llmux/" + settings.stage() + "/";
        this.adminToken = Secret.Builder.create(this, "AdminToken")
                .secretName(adminTokenName())
                .description("LLMux admin API token (Authorization: Bearer ... on /api)")
                .generateSecretString(generated("llmux.admin-token", 48))
                .build();
        this.keyHashSecret = Secret.Builder.create(this, "KeyHashSecret")
                .secretName(prefix + "key-hash-secret")
                .description("LLMux HMAC secret of API key hashes: never change it, every key depends on it")
                .generateSecretString(generated("llmux.key-hash-secret", 64))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        for (String provider : settings.providers()) {
            Secret secret = Secret.Builder.create(this, "Provider-" + provider)
                    .secretName(providerKeyName(provider))
                    .description("LLMux " + provider + " API key: put-secret-value {\"llmux.providers." + provider + ".api-key\":\"...\"}")
                    // Not a secret: an empty key leaves the provider off until the operator sets it.
                    .secretObjectValue(Map.of("llmux.providers." + provider + ".api-key", SecretValue.unsafePlainText("")))
                    .build();
            providerKeys.put(provider, secret);
        }
    }

    private static SecretStringGenerator generated(String property, int length) {
        return SecretStringGenerator.builder()
                .secretStringTemplate("{}")
                .generateStringKey(property)
                .passwordLength(length)
                // Letters and digits only: safe in a header, a shell and JSON without quoting.
                .excludePunctuation(true)
                .build();
    }

    /** The name as written; a secret's name attribute is parsed from its ARN, which a '-' confuses. */
    public String adminTokenName() {
        return prefix + "admin-token";
    }

    public String providerKeyName(String provider) {
        return prefix + "providers/" + provider;
    }

    public ISecret adminToken() {
        return adminToken;
    }

    public ISecret keyHashSecret() {
        return keyHashSecret;
    }

    /** The property each secret holds, for the functions that read it. */
    public Map<String, ISecret> chatSecretsByProperty() {
        Map<String, ISecret> byProperty = new LinkedHashMap<>();
        byProperty.put("llmux.key-hash-secret", keyHashSecret);
        providerKeys.forEach((provider, secret) -> byProperty.put("llmux.providers." + provider + ".api-key", secret));
        return byProperty;
    }

    public Map<String, ISecret> adminSecretsByProperty() {
        Map<String, ISecret> byProperty = new LinkedHashMap<>();
        byProperty.put("llmux.admin-token", adminToken);
        byProperty.put("llmux.key-hash-secret", keyHashSecret);
        return byProperty;
    }

    public List<ISecret> providerKeys() {
        return List.copyOf(providerKeys.values());
    }
}

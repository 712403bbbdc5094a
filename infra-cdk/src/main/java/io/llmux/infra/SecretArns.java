package io.llmux.infra;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * The contract between the stack and the application for secrets: {@code LLMUX_SECRET_ARNS} lists
 * the ARNs (comma-separated) of the secrets a function may read, each a JSON object of LLMux
 * property names to values. The variable carries ARNs only, never a secret value.
 */
final class SecretArns {

    static final String VARIABLE = "LLMUX_SECRET_ARNS";

    private SecretArns() {
    }

    static String join(List<ISecret> secrets) {
        return secrets.stream().map(ISecret::getSecretArn).collect(Collectors.joining(","));
    }

    /**
     * The interim alternative (context {@code secretsInEnvironment}): each property becomes its
     * environment variable ({@code llmux.admin-token} to {@code LLMUX_ADMIN_TOKEN}), holding a
     * CloudFormation dynamic reference that is resolved at deploy time. The value then sits in the
     * function's configuration, readable by anyone allowed lambda:GetFunctionConfiguration, which is
     * why it is not the default.
     */
    static void resolveInto(Map<String, String> environment, Map<String, ISecret> secretsByProperty) {
        secretsByProperty.forEach((property, secret) -> environment.put(
                property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'),
                SecretValue.secretsManager(secret.getSecretArn(),
                        SecretsManagerSecretOptions.builder().jsonField(property).build()).unsafeUnwrap()));
    }
}

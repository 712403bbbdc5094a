package io.llmux.infra;

import java.util.List;
import java.util.stream.Collectors;
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
}

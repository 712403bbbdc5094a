package io.llmux.provider.azure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which Azure OpenAI deployment serves which model. Azure addresses a model by the name its
 * operator gave the deployment ({@code prod-gpt4o}), not by the model's name; clients keep asking
 * for {@code azure/gpt-4o}, and this table says where that goes. A model without an entry goes to
 * a deployment of its own name, the common convention.
 */
record AzureDeployments(Map<String, String> byModel) {

    AzureDeployments {
        byModel = Map.copyOf(byModel);
    }

    /** The deployment that serves {@code model}: the configured one, else one named like the model. */
    String deploymentFor(String model) {
        return byModel.getOrDefault(model, model);
    }

    /** The models with a configured deployment, in a stable order: what the provider lists by default. */
    List<String> models() {
        return byModel.keySet().stream().sorted().toList();
    }

    /**
     * Parses the compact form {@code gpt-4o=prod-4o,gpt-4.1=dep-41}, which fits in one environment
     * variable; blank entries are skipped, and an entry without {@code =} is a start-up error.
     */
    static Map<String, String> parsePairs(String pairs, String setting) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String entry : pairs.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0 || equals == trimmed.length() - 1) {
                throw new IllegalStateException(setting + " must list model=deployment pairs separated by commas; '"
                        + trimmed + "' is not one");
            }
            parsed.put(trimmed.substring(0, equals).trim(), trimmed.substring(equals + 1).trim());
        }
        return parsed;
    }
}

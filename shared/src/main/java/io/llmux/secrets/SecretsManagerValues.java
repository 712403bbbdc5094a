package io.llmux.secrets;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.json.Json;
import io.micronaut.context.exceptions.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Reads the secrets of the deployment contract (docs/deploy.md, "Secrets"): each secret's
 * {@code SecretString} is a JSON object of LLMux property names to values. Returns the merged
 * properties, later ARNs winning, with empty values left out so that a provider whose key was never
 * set stays off instead of being enabled with an empty key.
 *
 * <p>Every failure names the ARN and, where it helps, the property name, never a value: Jackson's
 * parse errors quote the input, so they are not kept as causes.
 */
final class SecretsManagerValues {

    /** Emulators accept any region; used only with an endpoint override and no configured region. */
    private static final Region EMULATOR_REGION = Region.US_EAST_1;
    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerValues.class);

    private SecretsManagerValues() {
    }

    static Map<String, Object> read(List<String> arns, String endpoint) {
        Map<String, Object> properties = new LinkedHashMap<>();
        try (SecretsManagerClient client = client(endpoint)) {
            for (String arn : arns) {
                properties.putAll(parse(arn, fetch(client, arn)));
            }
        }
        return properties;
    }

    private static SecretsManagerClient client(String endpoint) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10)))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).region(regionOr(EMULATOR_REGION));
        }
        return builder.build();
    }

    private static String fetch(SecretsManagerClient client, String arn) {
        try {
            String value = client.getSecretValue(request -> request.secretId(arn)).secretString();
            if (value == null) {
                throw new ConfigurationException("Secret " + arn + " (LLMUX_SECRET_ARNS) has no SecretString;"
                        + " it must be a JSON object of LLMux property names to values");
            }
            return value;
        } catch (SdkException e) {
            // The SDK's message is the service's error text (e.g. not found, access denied), which never holds a value.
            throw new ConfigurationException("Cannot read secret " + arn + " (LLMUX_SECRET_ARNS) from Secrets Manager: "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, Object> parse(String arn, String secretString) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(secretString);
        } catch (JacksonException notJson) {
            throw notAnObject(arn);
        }
        if (root == null || !root.isObject()) {
            throw notAnObject(arn);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            if (!value.isValueNode()) {
                throw new ConfigurationException("Secret " + arn + " (LLMUX_SECRET_ARNS): property " + field.getKey()
                        + " must be a string, not " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            String text = value.isNull() ? "" : value.asText();
            if (!text.isEmpty()) {
                properties.put(field.getKey(), text);
            }
        }
        LOG.atInfo().addKeyValue("secret", arn).addKeyValue("properties", properties.keySet())
                .log("Read configuration from Secrets Manager");
        return properties;
    }

    private static ConfigurationException notAnObject(String arn) {
        return new ConfigurationException("Secret " + arn + " (LLMUX_SECRET_ARNS) is not a JSON object of LLMux property names to values");
    }

    private static Region regionOr(Region fallback) {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException none) {
            return fallback;
        }
    }
}

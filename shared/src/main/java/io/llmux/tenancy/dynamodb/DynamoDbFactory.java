package io.llmux.tenancy.dynamodb;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB client of the tenancy stores, present only when {@code llmux.store.dynamodb.table}
 * names a table. Region and credentials come from the SDK's default chains (AWS_REGION and the
 * Lambda role on AWS); {@code llmux.store.dynamodb.endpoint} points it at dynalite or LocalStack.
 */
@Factory
@Requires(property = DynamoDbFactory.TABLE_PROPERTY, pattern = ".+")
public class DynamoDbFactory {

    public static final String TABLE_PROPERTY = "llmux.store.dynamodb.table";
    /** Emulators accept any region; this one is used only when an endpoint is set and no region is. */
    private static final Region EMULATOR_REGION = Region.US_EAST_1;
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDbClient(@Value("${" + TABLE_PROPERTY + "}") String table,
                                  @Value("${llmux.store.dynamodb.endpoint:}") String endpoint,
                                  @Value("${llmux.store.dynamodb.create-table:false}") boolean createTable) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10)))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).region(regionOr(EMULATOR_REGION));
        }
        DynamoDbClient client = builder.build();
        if (createTable) {
            LOG.atInfo().addKeyValue("table", table).log("Creating the DynamoDB table if it is missing (llmux.store.dynamodb.create-table)");
            TableBootstrap.ensureTable(client, table);
        }
        return client;
    }

    private static Region regionOr(Region fallback) {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException none) {
            return fallback;
        }
    }
}

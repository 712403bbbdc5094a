package io.llmux.testing.dynamodb;

import io.llmux.tenancy.dynamodb.TableBootstrap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB the tests use: started once per JVM (shared by every test class), stopped when
 * the JVM exits. dynalite by default; {@code -Dllmux.test.dynamodb=localstack} (the
 * {@code localstack} Maven profile) uses LocalStack through Testcontainers instead. If it cannot
 * be started, every test that needs it fails with the reason: nothing is skipped.
 */
public final class LocalDynamoDb {

    public static final String REGION = "us-east-1";
    private static final String LOCALSTACK_ENDPOINT = "io.llmux.testing.dynamodb.LocalStackDynamoDb";
    private static final AtomicInteger TABLES = new AtomicInteger();

    private static DynamoDbEndpoint endpoint;
    private static DynamoDbClient client;
    private static RuntimeException startFailure;

    private LocalDynamoDb() {
    }

    public static synchronized DynamoDbEndpoint endpoint() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (endpoint == null) {
            try {
                endpoint = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            DynamoDbEndpoint started = endpoint;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-dynamodb-stop"));
        }
        return endpoint;
    }

    /** A client for the shared endpoint, with dummy credentials (emulators accept any). */
    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClient.builder()
                    .endpointOverride(endpoint().uri())
                    .region(Region.of(REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
        }
        return client;
    }

    /** A new, empty table with the production layout, so tests never see each other's items. */
    public static String newTable(String purpose) {
        String name = tableName(purpose);
        TableBootstrap.ensureTable(client(), name);
        return name;
    }

    /** A table name no test has used yet (the table is not created). */
    public static String tableName(String purpose) {
        return "llmux-" + purpose + "-" + TABLES.incrementAndGet();
    }

    private static DynamoDbEndpoint start() {
        String kind = System.getProperty("llmux.test.dynamodb", "dynalite");
        return switch (kind) {
            case "dynalite" -> Dynalite.start();
            case "localstack" -> instantiate(LOCALSTACK_ENDPOINT);
            default -> throw new IllegalStateException("llmux.test.dynamodb must be dynalite or localstack, not " + kind);
        };
    }

    /** LocalStack's classes are on the test classpath only under -Plocalstack. */
    private static DynamoDbEndpoint instantiate(String className) {
        try {
            return (DynamoDbEndpoint) Class.forName(className).getConstructor().newInstance();
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("LocalStack did not start (a Docker engine is needed): " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LocalStack support is not on the classpath: run the tests with mvn -Plocalstack", e);
        }
    }
}

package io.llmux.testing.dynamodb;

import java.net.URI;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack's DynamoDB in a container, for {@code mvn -Plocalstack} on machines with a Docker
 * engine; {@link LocalDynamoDb} loads it by name. The image is pinned (newer LocalStack images
 * want an account token; LOCALSTACK_AUTH_TOKEN is passed on when set) and can be changed with
 * {@code -Dllmux.test.localstack.image=...}.
 */
public final class LocalStackDynamoDb implements DynamoDbEndpoint {

    private static final String DEFAULT_IMAGE = "localstack/localstack:4.9";

    private final LocalStackContainer container;

    public LocalStackDynamoDb() {
        String image = System.getProperty("llmux.test.localstack.image", DEFAULT_IMAGE);
        LocalStackContainer localStack = new LocalStackContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("dynamodb");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            localStack.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        localStack.start();
        this.container = localStack;
    }

    @Override
    public URI uri() {
        return container.getEndpoint();
    }

    @Override
    public void close() {
        container.stop();
    }
}

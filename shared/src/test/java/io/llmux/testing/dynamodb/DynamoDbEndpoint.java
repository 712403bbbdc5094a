package io.llmux.testing.dynamodb;

import java.net.URI;

/** Something that speaks the DynamoDB protocol for the tests: dynalite here, LocalStack under -Plocalstack. */
public interface DynamoDbEndpoint extends AutoCloseable {

    URI uri();

    @Override
    void close();
}

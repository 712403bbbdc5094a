package io.llmux.tenancy;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The key hasher (with its secret), the key generator and the clock. */
@Factory
public class TenancyFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TenancyFactory.class);

    /**
     * The hashing secret comes from {@code LLMUX_KEY_HASH_SECRET} (a Secrets Manager secret on AWS).
     * Without one, a random secret is made for this process: fine for the in-memory stores of the
     * local server, whose keys die with it; a persistent store refuses to start without one
     * (otherwise every key would stop working at the next restart).
     */
    @Singleton
    KeyHasher keyHasher(@Value("${llmux.key-hash-secret:}") String secret,
                        @Value("${llmux.store.dynamodb.table:}") String persistentTable) {
        if (secret.isBlank()) {
            if (!persistentTable.isBlank()) {
                throw new IllegalStateException("LLMUX_KEY_HASH_SECRET (llmux.key-hash-secret) must be set when keys are stored in DynamoDB");
            }
            LOG.warn("No LLMUX_KEY_HASH_SECRET set: keys are hashed with a random per-process secret (in-memory stores only)");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new KeyHasher(random);
        }
        return new KeyHasher(secret.getBytes(StandardCharsets.UTF_8));
    }

    @Singleton
    KeyGenerator keyGenerator() {
        return new KeyGenerator();
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}

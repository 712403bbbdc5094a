package io.llmux.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    @Test
    void removesKnownAndKeyShapedSecrets() {
        assertEquals("key [redacted] and [redacted] and [redacted]",
                SecretRedactor.redact("key my-secret-value and sk-abc123def456 and Bearer abcdefghijk", "my-secret-value"));
        assertEquals("Incorrect API key provided: [redacted].", SecretRedactor.redact("Incorrect API key provided: sk-proj-****wxyz.", null));
        assertEquals("nothing to hide", SecretRedactor.redact("nothing to hide", null));
    }
}

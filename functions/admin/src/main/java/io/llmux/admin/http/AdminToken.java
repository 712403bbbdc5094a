package io.llmux.admin.http;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.tenancy.KeyGenerator;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin credential: {@code llmux.admin-token} ({@code LLMUX_ADMIN_TOKEN}; on AWS it will come
 * from Secrets Manager). It is separate from tenant keys on purpose: a tenant key, however
 * privileged, never administers tenants. Without a configured token the admin API is closed, never
 * open. Created at startup, so that a misconfigured token stops the process at once and a missing
 * one is reported before the first request.
 */
@Context
public final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

    /** SHA-256 of the token: comparing digests takes the same time whatever the presented length. */
    private final byte[] expectedDigest;

    public AdminToken(@Value("${llmux.admin-token:}") String token) {
        String trimmed = token.strip();
        if (trimmed.startsWith(KeyGenerator.KEY_PREFIX)) {
            throw new IllegalStateException("LLMUX_ADMIN_TOKEN must not look like a tenant key (" + KeyGenerator.KEY_PREFIX
                    + "...): the admin API refuses tenant keys. Choose another value.");
        }
        if (trimmed.isEmpty()) {
            LOG.warn("The admin API (/api) is disabled: set LLMUX_ADMIN_TOKEN (llmux.admin-token) to enable it");
            this.expectedDigest = null;
        } else {
            this.expectedDigest = digest(trimmed);
        }
    }

    /** Admits the {@code Authorization} header's bearer token, or fails with a 401. */
    public void check(String authorization) {
        if (expectedDigest == null) {
            throw refused("admin_api_disabled",
                    "The admin API is disabled until an admin token is configured: set LLMUX_ADMIN_TOKEN (llmux.admin-token).");
        }
        String presented = bearer(authorization);
        if (presented == null) {
            throw refused("missing_admin_token",
                    "The admin API needs the admin token: send 'Authorization: Bearer <LLMUX_ADMIN_TOKEN>'.");
        }
        if (presented.startsWith(KeyGenerator.KEY_PREFIX)) {
            throw refused("tenant_key_not_accepted",
                    "Tenant API keys cannot call the admin API; send the admin token (LLMUX_ADMIN_TOKEN) instead.");
        }
        if (!MessageDigest.isEqual(expectedDigest, digest(presented))) {
            throw refused("invalid_admin_token", "Incorrect admin token provided.");
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static GatewayException refused(String code, String message) {
        return new GatewayException(ErrorType.AUTHENTICATION, message, null, code, null);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}

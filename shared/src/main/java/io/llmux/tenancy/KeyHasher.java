package io.llmux.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of API keys (HMAC-SHA-256 under a server-side secret): a stolen table of hashes
 * is useless without the secret, and the secret never leaves the gateway's configuration.
 */
public final class KeyHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec secret;
    private final ThreadLocal<Mac> macs;

    public KeyHasher(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("The key-hashing secret must be at least 32 bytes");
        }
        this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String hash(String apiKey) {
        Mac mac = macs.get();
        return HEX.formatHex(mac.doFinal(apiKey.getBytes(StandardCharsets.UTF_8)));
    }

    /** Equality that takes the same time wherever the inputs differ. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
        }
    }
}

package io.llmux.tenancy;

import java.security.SecureRandom;
import java.util.Base64;

/** New API keys and ids from a CSPRNG: {@code llmux-sk-} and 256 random bits, base64url. */
public final class KeyGenerator {

    public static final String KEY_PREFIX = "llmux-sk-";
    private static final int DISPLAY_CHARS = 4;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();

    public String newKey() {
        return KEY_PREFIX + randomText(32);
    }

    /** An id such as {@code key_3hF9...} or {@code ten_...}: 96 random bits. */
    public String newId(String kind) {
        return kind + "_" + randomText(12);
    }

    /** What people see of a key: its prefix and first characters, enough to tell keys apart. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(key.length(), KEY_PREFIX.length() + DISPLAY_CHARS));
    }

    private String randomText(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return BASE64URL.encodeToString(buffer);
    }
}

package io.llmux.error;

import java.util.regex.Pattern;

/**
 * Removes anything that looks like an API key from text that came from elsewhere (a provider's
 * error message) before it reaches a client or a log. Providers echo keys back: OpenAI's 401 says
 * "Incorrect API key provided: sk-abc***xyz".
 */
public final class SecretRedactor {

    private static final Pattern KEY_LIKE = Pattern.compile(
            "(sk-|llmux-sk-|gsk_|xai-|AIza|AKIA|ASIA)[A-Za-z0-9_\\-*]{4,}|(?i)bearer\\s+[A-Za-z0-9._\\-*]{6,}");

    private SecretRedactor() {
    }

    public static String redact(String text, String knownSecret) {
        if (text == null) {
            return null;
        }
        String result = text;
        if (knownSecret != null && knownSecret.length() >= 4) {
            result = result.replace(knownSecret, "[redacted]");
        }
        return KEY_LIKE.matcher(result).replaceAll("[redacted]");
    }
}

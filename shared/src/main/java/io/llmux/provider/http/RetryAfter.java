package io.llmux.provider.http;

import io.micronaut.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How long a provider asked to be left alone: the {@code Retry-After} header (RFC 9110: seconds,
 * or an HTTP date), else OpenAI's {@code retry-after-ms}, else {@link #DEFAULT}. Routing waits at
 * least this long before retrying the same deployment. Hand-written: two formats, no library
 * worth a dependency.
 */
public final class RetryAfter {

    /** A provider that says nothing (or something unreadable) gets one second: what SDKs wait by default. */
    public static final Duration DEFAULT = Duration.ofSeconds(1);

    private RetryAfter() {
    }

    /** From a response's headers; {@link #DEFAULT} when they say nothing readable. */
    public static Duration of(HttpHeaders headers) {
        if (headers == null) {
            return DEFAULT;
        }
        var value = headers.findFirst("retry-after");
        if (value.isPresent()) {
            return parse(value.get());
        }
        var millis = headers.findFirst("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(millis.get().trim()));
            } catch (RuntimeException unparseable) {
                return DEFAULT;
            }
        }
        return DEFAULT;
    }

    /** One Retry-After value, in seconds or as an HTTP date (a date past is zero); {@link #DEFAULT} when null or unreadable. */
    public static Duration parse(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return DEFAULT;
        }
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return until.isNegative() ? Duration.ZERO : until;
        } catch (RuntimeException unparseable) {
            return DEFAULT;
        }
    }
}

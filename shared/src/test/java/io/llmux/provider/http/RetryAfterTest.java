package io.llmux.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.simple.SimpleHttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static HttpHeaders headers(String... pairs) {
        SimpleHttpHeaders headers = new SimpleHttpHeaders(ConversionService.SHARED);
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    @Test
    void secondsWinOverMilliseconds() {
        assertEquals(Duration.ofSeconds(7), RetryAfter.of(headers("retry-after", "7", "retry-after-ms", "1500")));
        assertEquals(Duration.ofMillis(1500), RetryAfter.of(headers("retry-after-ms", "1500")));
    }

    @Test
    void anHttpDateIsTheTimeUntilThen() {
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        Duration wait = RetryAfter.parse(inTenSeconds);
        assertTrue(wait.compareTo(Duration.ofSeconds(8)) >= 0 && wait.compareTo(Duration.ofSeconds(10)) <= 0, wait.toString());
        assertEquals(Duration.ZERO, RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT"), "a date past means now");
    }

    @Test
    void nothingOrNonsenseIsTheDefault() {
        assertEquals(RetryAfter.DEFAULT, RetryAfter.of(null));
        assertEquals(RetryAfter.DEFAULT, RetryAfter.of(headers()));
        assertEquals(RetryAfter.DEFAULT, RetryAfter.of(headers("retry-after", "soon")));
        assertEquals(RetryAfter.DEFAULT, RetryAfter.of(headers("retry-after-ms", "a while")));
        assertEquals(RetryAfter.DEFAULT, RetryAfter.parse(null));
        assertEquals(RetryAfter.DEFAULT, RetryAfter.parse(" "));
        assertEquals(RetryAfter.DEFAULT, RetryAfter.parse("99999999999999999999999"), "too large to be a number of seconds");
        assertEquals(Duration.ofSeconds(1), RetryAfter.DEFAULT);
    }
}

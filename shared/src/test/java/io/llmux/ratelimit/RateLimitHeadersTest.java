package io.llmux.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    @Test
    void oneIetfPolicyPerLimitAndOpenAiFieldsForTheTighterOfKeyAndTenant() {
        RatePolicy keyRpm = new RatePolicy(LimitScope.KEY, LimitKind.REQUESTS, 60);
        RatePolicy tenantRpm = new RatePolicy(LimitScope.TENANT, LimitKind.REQUESTS, 1000);
        RatePolicy tenantTpm = new RatePolicy(LimitScope.TENANT, LimitKind.TOKENS, 100_000);
        RatePolicy inFlight = new RatePolicy(LimitScope.KEY, LimitKind.IN_FLIGHT, 4);
        RateLimitDecision decision = RateLimitDecision.allowed(List.of(
                new PolicyState(keyRpm, 41, 96_500),
                new PolicyState(tenantRpm, 700, 97_000),
                new PolicyState(tenantTpm, 98_211, 360_000),
                new PolicyState(inFlight, 3, 0)), true);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("RateLimit-Policy", "\"key-rpm\";q=60;w=60, \"tenant-rpm\";q=1000;w=60, "
                + "\"tenant-tpm\";q=100000;w=60;qu=\"tokens\", \"key-concurrency\";q=4;qu=\"concurrent-requests\"");
        expected.put("RateLimit", "\"key-rpm\";r=41;t=97, \"tenant-rpm\";r=700;t=97, \"tenant-tpm\";r=98211;t=360, \"key-concurrency\";r=3");
        expected.put("x-ratelimit-limit-requests", "60");
        expected.put("x-ratelimit-remaining-requests", "41");
        expected.put("x-ratelimit-reset-requests", "1m36.5s");
        expected.put("x-ratelimit-limit-tokens", "100000");
        expected.put("x-ratelimit-remaining-tokens", "98211");
        expected.put("x-ratelimit-reset-tokens", "6m0s");
        assertEquals(expected, RateLimitHeaders.of(decision));
    }

    @Test
    void noLimitsNoHeaders() {
        assertTrue(RateLimitHeaders.of(RateLimitDecision.UNLIMITED).isEmpty());
        assertTrue(RateLimitHeaders.of(null).isEmpty());
    }

    @Test
    void durationsAreWrittenAsOpenAiWritesThem() {
        assertEquals("0s", RateLimitHeaders.openAiDuration(0));
        assertEquals("17ms", RateLimitHeaders.openAiDuration(17));
        assertEquals("1s", RateLimitHeaders.openAiDuration(1000));
        assertEquals("1.5s", RateLimitHeaders.openAiDuration(1500));
        assertEquals("59.999s", RateLimitHeaders.openAiDuration(59_999));
        assertEquals("1m0s", RateLimitHeaders.openAiDuration(60_000));
        assertEquals("6m0s", RateLimitHeaders.openAiDuration(Duration.ofMinutes(6).toMillis()));
        assertEquals("1h2m3s", RateLimitHeaders.openAiDuration(Duration.ofSeconds(3723).toMillis()));
    }
}

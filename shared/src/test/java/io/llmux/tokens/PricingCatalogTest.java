package io.llmux.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PricingCatalogTest {

    private final PricingCatalog catalog = PricingCatalog.bundled();

    @Test
    void hasADatedVersion() {
        assertTrue(catalog.version().matches("\\d{4}-\\d{2}-\\d{2}"), catalog.version());
    }

    @Test
    void costsAreIntegerMicroDollarsRoundedOnceHalfUp() {
        // gpt-4o: $2.50 / 1M input, $10.00 / 1M output, $1.25 / 1M cached input.
        Usage usage = new Usage(1_000, 500, 0, UsageSource.PROVIDER);
        assertEquals(2_500 + 5_000, catalog.costMicros("gpt-4o", usage));
        // 1 input token = 2.5 micro-dollars -> 3 after rounding the whole sum.
        assertEquals(3, catalog.costMicros("gpt-4o", new Usage(1, 0, 0, UsageSource.LOCAL)));
        // 3 input tokens = 7.5 -> 8; not 3 x round(2.5).
        assertEquals(8, catalog.costMicros("gpt-4o", new Usage(3, 0, 0, UsageSource.LOCAL)));
    }

    @Test
    void cachedInputTokensCostTheCachedPrice() {
        Usage usage = new Usage(1_000_000, 0, 400_000, UsageSource.PROVIDER);
        assertEquals(600_000 * 25 / 10 + 400_000 * 125 / 100, catalog.costMicros("gpt-4o", usage));
    }

    @Test
    void datedSnapshotsAndProviderPrefixesFindTheirFamilyPrice() {
        assertEquals("gpt-4o-mini", catalog.priceOf("gpt-4o-mini-2024-07-18").orElseThrow().model());
        assertEquals("gpt-4o", catalog.priceOf("gpt-4o-2024-08-06").orElseThrow().model());
        assertEquals("gpt-4o", catalog.priceOf("openai/gpt-4o").orElseThrow().model());
        assertFalse(catalog.priceOf("some-unknown-model").isPresent());
        assertEquals(0, catalog.costMicros("some-unknown-model", new Usage(10, 10, 0, UsageSource.LOCAL)));
    }

    @Test
    void noMoneyIsLostToFloatingPoint() {
        // 0.15 and 0.60 are not exact in binary; the catalogue keeps them exact.
        ModelPrice mini = catalog.priceOf("gpt-4o-mini").orElseThrow();
        assertEquals(150_000, mini.inputMicrosPerMillion());
        assertEquals(600_000, mini.outputMicrosPerMillion());
        assertEquals(75_000, mini.cachedInputMicrosPerMillion());
    }
}

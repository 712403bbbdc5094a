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

    @Test
    void anthropicCacheReadsAndWritesArePricedApart() {
        // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 cache write, $15 output per 1M.
        // 10,000 prompt tokens = 2,000 plain + 6,000 read + 2,000 written; 1,000 output.
        Usage usage = new Usage(10_000, 1_000, 6_000, 2_000, UsageSource.PROVIDER);
        long expected = (2_000L * 3_000_000 + 6_000L * 300_000 + 2_000L * 3_750_000 + 1_000L * 15_000_000) / 1_000_000;
        assertEquals(30_300, expected);
        assertEquals(expected, catalog.costMicros("claude-sonnet-4-5-20250929", usage));
        // The same tokens without the write surcharge would cost 1,500 micro-dollars less.
        assertEquals(expected - 1_500, catalog.costMicros("claude-sonnet-4-5",
                new Usage(10_000, 1_000, 6_000, 0, UsageSource.PROVIDER)));
    }

    @Test
    void cacheWritesRoundWithTheWholeSum() {
        // claude-haiku-4-5 writes cost $1.25 per 1M: 1 token is 1.25 micro-dollars -> 1, 3 tokens 3.75 -> 4.
        assertEquals(1, catalog.costMicros("claude-haiku-4-5", new Usage(1, 0, 0, 1, UsageSource.PROVIDER)));
        assertEquals(4, catalog.costMicros("claude-haiku-4-5", new Usage(3, 0, 0, 3, UsageSource.PROVIDER)));
    }

    @Test
    void reportedCacheTokensNeverExceedThePrompt() {
        // A malformed report (reads + writes above the prompt) never prices a negative plain part.
        ModelPrice opus = catalog.priceOf("anthropic/claude-opus-4-1").orElseThrow();
        assertEquals(18_750_000, opus.cacheWriteMicrosPerMillion());
        Usage inconsistent = new Usage(100, 0, 80, 50, UsageSource.PROVIDER);
        // 80 read at $1.50 = 120, 20 written at $18.75 = 375, no plain tokens.
        assertEquals(120 + 375, opus.costMicros(inconsistent));
    }

    @Test
    void modelsWithoutACacheWritePriceChargeWritesAsInput() {
        ModelPrice gpt = catalog.priceOf("gpt-4o").orElseThrow();
        assertEquals(gpt.inputMicrosPerMillion(), gpt.cacheWriteMicrosPerMillion());
        assertEquals("claude-3-5-haiku", catalog.priceOf("claude-3-5-haiku-latest").orElseThrow().model());
        assertEquals("claude-sonnet-4", catalog.priceOf("claude-sonnet-4-20250514").orElseThrow().model());
        assertEquals("claude-opus-4-1", catalog.priceOf("claude-opus-4-1-20250805").orElseThrow().model());
    }
}

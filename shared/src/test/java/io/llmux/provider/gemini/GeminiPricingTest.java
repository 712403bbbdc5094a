package io.llmux.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every model the Gemini adapter lists has a price of its own in the bundled catalogue. */
class GeminiPricingTest {

    private final PricingCatalog catalog = PricingCatalog.bundled();

    @Test
    void everyListedModelIsPricedUnderItsOwnName() {
        Stream.concat(GeminiModels.CHAT.stream(), GeminiModels.EMBEDDING.stream()).forEach(model ->
                assertEquals(model, catalog.priceOf("gemini/" + model).orElseThrow(() -> new AssertionError(model + " has no price")).model(),
                        "priced as itself, not as a model whose name prefixes it"));
    }

    @Test
    void flashLiteCostsWhatFlashLiteCostsNotWhatFlashCosts() {
        Usage usage = new Usage(1_000_000, 1_000_000, 0, UsageSource.PROVIDER);
        assertEquals(500_000, catalog.costMicros("gemini-2.5-flash-lite", usage));
        assertTrue(catalog.costMicros("gemini-2.5-flash", usage) > catalog.costMicros("gemini-2.5-flash-lite", usage));
    }
}

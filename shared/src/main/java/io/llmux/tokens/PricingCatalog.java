package io.llmux.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.json.Json;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The versioned price list (pricing/prices.json, or the file {@code llmux.pricing.file} names).
 * Loaded once at start-up; a lookup is a map read, so pricing costs nothing on the hot path.
 */
@Singleton
public final class PricingCatalog {

    private static final String BUNDLED = "/pricing/prices.json";

    private final String version;
    private final Map<String, ModelPrice> prices;

    public PricingCatalog(@Value("${llmux.pricing.file:}") String file) {
        this(load(file));
    }

    PricingCatalog(JsonNode document) {
        this.version = document.path("version").asText();
        Map<String, ModelPrice> parsed = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("models").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode p = entry.getValue();
            long input = micros(p, "input");
            parsed.put(entry.getKey(), new ModelPrice(entry.getKey(), input, micros(p, "output"),
                    p.has("cached_input") ? micros(p, "cached_input") : input,
                    p.has("cache_write") ? micros(p, "cache_write") : input));
        }
        this.prices = Map.copyOf(parsed);
    }

    public static PricingCatalog bundled() {
        return new PricingCatalog("");
    }

    /** The date of the price list in force. */
    public String version() {
        return version;
    }

    /**
     * The price of a model: an exact match first, then the longest catalogue name that prefixes it
     * (dated snapshots such as gpt-4o-2024-08-06 cost what gpt-4o costs). Provider prefixes
     * (openai/gpt-4o) are ignored.
     */
    public Optional<ModelPrice> priceOf(String model) {
        String name = TokenizerFamily.stripProvider(model);
        ModelPrice exact = prices.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        ModelPrice best = null;
        for (ModelPrice price : prices.values()) {
            String family = price.model();
            boolean snapshotOf = name.length() > family.length() && name.charAt(family.length()) == '-' && name.startsWith(family);
            if (snapshotOf && (best == null || family.length() > best.model().length())) {
                best = price;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The cost of a call in micro-dollars; 0 for a model without a price (and logged by the caller). */
    public long costMicros(String model, Usage usage) {
        return priceOf(model).map(p -> p.costMicros(usage)).orElse(0L);
    }

    private static long micros(JsonNode price, String field) {
        return new BigDecimal(price.path(field).asText("0")).movePointRight(6).longValueExact();
    }

    private static JsonNode load(String file) {
        try {
            if (file != null && !file.isBlank()) {
                return Json.MAPPER.readTree(Files.readAllBytes(Path.of(file)));
            }
            try (InputStream in = PricingCatalog.class.getResourceAsStream(BUNDLED)) {
                return Json.MAPPER.readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the pricing catalogue " + (file == null || file.isBlank() ? BUNDLED : file), e);
        }
    }
}

package io.llmux.cache;

import java.util.Locale;

/**
 * What the cache did for a request, as the {@code x-llmux-cache} header says it: {@code hit}
 * (answered from the cache, no provider call), {@code miss} (looked up, not found; the provider
 * answered), {@code bypass} (not looked up: caching is off for the tenant or key, the request said
 * {@code Cache-Control: no-cache}, or the request failed before the cache was reached).
 */
public enum CacheStatus {
    HIT, MISS, BYPASS;

    public static final String HEADER = "x-llmux-cache";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

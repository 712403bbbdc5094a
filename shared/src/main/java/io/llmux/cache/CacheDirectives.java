package io.llmux.cache;

/**
 * The request's {@code Cache-Control} directives that the gateway honours (RFC 9111, 5.2.1):
 * {@code no-cache} (do not answer from the cache) and {@code no-store} (do not store this answer).
 * Others are ignored; names are case-insensitive, arguments are skipped.
 */
public record CacheDirectives(boolean noCache, boolean noStore) {

    public static final CacheDirectives NONE = new CacheDirectives(false, false);

    public static CacheDirectives parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        boolean noCache = false;
        boolean noStore = false;
        for (String directive : header.split(",")) {
            String name = directive.strip();
            int equals = name.indexOf('=');
            if (equals >= 0) {
                name = name.substring(0, equals).strip();
            }
            noCache |= name.equalsIgnoreCase("no-cache");
            noStore |= name.equalsIgnoreCase("no-store");
        }
        return new CacheDirectives(noCache, noStore);
    }
}

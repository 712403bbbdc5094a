package io.llmux.usage;

import io.llmux.error.GatewayException;
import java.util.Locale;

/** How a usage report splits its period: by model, provider or key, or day by day. */
public enum UsageGrouping {
    MODEL, PROVIDER, KEY, DAY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses model, provider, key or day; a 400 naming {@code param} for anything else. */
    public static UsageGrouping parse(String value, String param) {
        if (value != null) {
            for (UsageGrouping grouping : values()) {
                if (grouping.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return grouping;
                }
            }
        }
        throw GatewayException.invalid(param, "'" + param + "' must be model, provider, key or day, not '" + value + "'.");
    }
}

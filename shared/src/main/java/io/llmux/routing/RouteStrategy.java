package io.llmux.routing;

import io.llmux.error.GatewayException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a group orders its deployments for one request. The first deployment of the order is
 * called; the rest are the failover order.
 */
public enum RouteStrategy {
    /** A weighted score of quality, latency and cost (the default). */
    BALANCED("balanced"),
    /** Lowest latency EWMA first: time to first token for streams, total time otherwise. */
    LATENCY("latency"),
    /** Cheapest first (price per million tokens). */
    COST("cost"),
    /** Highest configured quality first. */
    QUALITY("quality"),
    /** Deployments take turns in proportion to their weights. */
    WEIGHTED_ROUND_ROBIN("weighted-round-robin"),
    /** A random deployment, drawn in proportion to the weights. */
    RANDOM("random"),
    /** Fewest calls in flight on this instance first. */
    LEAST_BUSY("least-busy");

    public static final String HEADER = "x-llmux-route-strategy";
    private static final String NAMES = Arrays.stream(values()).map(RouteStrategy::wireName).collect(Collectors.joining(", "));

    private final String wireName;

    RouteStrategy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The strategy called {@code name} (case-insensitive; {@code _} for {@code -} too), or null when unknown. */
    public static RouteStrategy byName(String name) {
        if (name == null) {
            return null;
        }
        String normal = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (RouteStrategy strategy : values()) {
            if (strategy.wireName.equals(normal)) {
                return strategy;
            }
        }
        return normal.equals("weighted") || normal.equals("round-robin") ? WEIGHTED_ROUND_ROBIN : null;
    }

    /** The strategy a client asked for in {@link #HEADER}: a 400 naming the value when it is unknown. */
    public static RouteStrategy fromHeader(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        RouteStrategy strategy = byName(value);
        if (strategy == null) {
            String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
            throw new GatewayException(io.llmux.error.ErrorType.INVALID_REQUEST, "Unknown routing strategy '" + shown.strip()
                    + "' in the " + HEADER + " header; known strategies: " + NAMES + ".", HEADER, "unknown_route_strategy", null);
        }
        return strategy;
    }

    /** Every strategy's name, comma-separated, for error messages. */
    public static String names() {
        return NAMES;
    }
}

package io.llmux.health;

/**
 * A dependency whose state the health endpoint reports. A degraded component means the gateway
 * still serves, with less (an in-process fallback instead of Redis, say).
 */
public interface ComponentHealth {

    String name();

    /** "ok", "degraded" or "disabled" (not configured). */
    String status();
}

package io.llmux.ratelimit;

/** What {@code llmux.ratelimit.on-redis-failure} asks for when Redis is configured but not answering. */
public enum RedisFailureMode {
    /** Fail open: count in this instance's memory (approximate) and keep serving. The default. */
    LOCAL,
    /** Fail closed: refuse limited requests with 503 until Redis answers again. */
    DENY
}

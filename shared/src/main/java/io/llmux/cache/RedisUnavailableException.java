package io.llmux.cache;

/** Redis is not configured or known to be down: the caller falls back without waiting. */
public final class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException() {
        super("Redis is unavailable", null, false, false);
    }
}

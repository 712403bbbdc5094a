package io.llmux.provider.http;

import java.time.Duration;

/**
 * Why a provider call failed below HTTP: what each adapter's error mapper turns into the gateway
 * error its client sees. The message names no host, header or credential. Expected failures of
 * remote systems, so they carry no stack trace of their own (the cause keeps its own).
 */
public final class UpstreamFailure extends RuntimeException {

    public enum Kind {
        /** No connection could be made (refused, unreachable, connect or TLS timeout). */
        CONNECT,
        /** No response headers within the first-byte timeout. */
        FIRST_BYTE_TIMEOUT,
        /** A streamed body fell silent for longer than the idle timeout. */
        IDLE_TIMEOUT,
        /** A whole call took longer than the total timeout. */
        TOTAL_TIMEOUT,
        /** The connection broke (or the body was malformed at the HTTP level) after the call was sent. */
        BROKEN
    }

    private final Kind kind;
    private final Duration timeout;

    UpstreamFailure(Kind kind, Duration timeout, Throwable cause) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + (timeout == null ? "" : " after " + timeout.toMillis() + " ms"), cause, false, false);
        this.kind = kind;
        this.timeout = timeout;
    }

    public Kind kind() {
        return kind;
    }

    /** The timeout that ran out, for the timeout kinds; null otherwise. */
    public Duration timeout() {
        return timeout;
    }

    public boolean isTimeout() {
        return timeout != null;
    }
}

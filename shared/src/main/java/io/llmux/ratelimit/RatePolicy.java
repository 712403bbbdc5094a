package io.llmux.ratelimit;

/**
 * One limit that applies to a request: {@code key requests per minute = 60}, say.
 *
 * @param limit the quota per window (windowed kinds) or the number of concurrent requests
 */
public record RatePolicy(LimitScope scope, LimitKind kind, long limit) {

    /** The policy's name on the wire ({@code key-rpm}, {@code tenant-tpm}, {@code key-concurrency}). */
    public String name() {
        return scope.label() + "-" + kind.suffix();
    }

    /** How a person names it: "key requests per minute". */
    public String description() {
        return scope.label() + " " + kind.description();
    }
}

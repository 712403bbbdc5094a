package io.llmux.ratelimit;

/** What a limit counts. */
public enum LimitKind {
    REQUESTS("requests per minute", "rpm"),
    TOKENS("tokens per minute", "tpm"),
    IN_FLIGHT("in-flight requests", "concurrency");

    private final String description;
    private final String suffix;

    LimitKind(String description, String suffix) {
        this.description = description;
        this.suffix = suffix;
    }

    public String description() {
        return description;
    }

    String suffix() {
        return suffix;
    }

    /** Whether it is counted in one-minute sliding windows (in-flight is a live count). */
    public boolean windowed() {
        return this != IN_FLIGHT;
    }
}

package io.llmux.ratelimit;

/** Whose usage a limit counts: one key's, or all of its tenant's keys together. */
public enum LimitScope {
    KEY("key"),
    TENANT("tenant");

    private final String label;

    LimitScope(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

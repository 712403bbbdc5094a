package io.llmux.budget;

import java.util.Locale;

/** Whose spending a budget counts: one API key's, or all of a tenant's keys together. */
public enum BudgetScope {
    KEY, TENANT;

    /** key or tenant, as in headers, messages and events. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

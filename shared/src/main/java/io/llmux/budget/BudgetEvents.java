package io.llmux.budget;

/** The budget events' types, as published through the EventPublisher port (docs/budgets.md, "Events"). */
public final class BudgetEvents {

    /** A budget's spend crossed the warning threshold (llmux.budgets.warning-threshold); once per budget and period. */
    public static final String WARNING = "budget_warning";
    /** A hard budget refused a request, or a soft budget's spend passed its cap; once per budget and period. */
    public static final String EXCEEDED = "budget_exceeded";
    /** A period ended and its budgets start again (published by the quota-reset function). */
    public static final String RESET = "budget_reset";

    private BudgetEvents() {
    }
}

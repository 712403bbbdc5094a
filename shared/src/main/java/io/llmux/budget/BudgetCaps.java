package io.llmux.budget;

/**
 * The caps a reservation must fit under; a null field is not checked. A soft budget reserves with
 * {@link #NONE}: it is counted, never refused.
 */
public record BudgetCaps(Long tokens, Long micros) {

    public static final BudgetCaps NONE = new BudgetCaps(null, null);

    public boolean any() {
        return tokens != null || micros != null;
    }

    /** Whether {@code amount} alone exceeds a cap: such a request can never fit, whatever was spent. */
    public boolean exceededBy(Spend amount) {
        return (tokens != null && amount.tokens() > tokens) || (micros != null && amount.micros() > micros);
    }
}

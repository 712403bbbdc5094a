package io.llmux.budget;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import java.math.BigDecimal;

/**
 * The 429 {@code insufficient_quota} of a hard budget, worded so the caller knows which budget
 * (key or tenant, tokens or cost, which period), how far over it the request would go, and when
 * it resets.
 */
public final class BudgetRefusals {

    public static final String CODE = "insufficient_quota";

    private BudgetRefusals() {
    }

    /**
     * @param state  the counter as read after the refusal (to say how much is committed)
     * @param amount the request's reservation: its worst case
     */
    public static GatewayException refused(ActiveBudget budget, CounterState state, Spend amount) {
        boolean cost = costIsTheBindingCap(budget.caps(), state, amount);
        String name = owner(budget) + " " + budget.period().wireName() + " " + (cost ? "cost" : "token") + " budget";
        long cap = cost ? budget.caps().micros() : budget.caps().tokens();
        long need = cost ? amount.micros() : amount.tokens();
        long committed = cost ? state.committedMicros() : state.committedTokens();
        long shareCap = cost ? budget.reservationCaps(1).micros() : budget.reservationCaps(1).tokens();
        String message;
        if (budget.sharded() && need > shareCap && need <= cap) {
            message = "This request may use up to " + amount(cost, need) + " (its prompt plus max output tokens), more than one of the "
                    + budget.shards() + " counters of " + name + " of " + amount(cost, cap) + " can take (each holds "
                    + amount(cost, shareCap) + "). Lower max_completion_tokens or shorten the prompt.";
        } else if (need > cap) {
            message = "This request may use up to " + amount(cost, need) + " (its prompt plus max output tokens), more than "
                    + name + " of " + amount(cost, cap) + " allows in a whole period. Lower max_completion_tokens or shorten the prompt.";
        } else {
            message = "You exceeded " + name + " of " + amount(cost, cap) + ": " + amount(cost, committed)
                    + " spent or reserved this period, and this request may use up to " + amount(cost, need)
                    + " (its prompt plus max output tokens).";
        }
        message += " The budget resets at " + budget.resetsAt() + " (" + budget.period().wireName() + " periods in time zone "
                + budget.zone().getId() + ").";
        return new GatewayException(ErrorType.INSUFFICIENT_QUOTA, message, null, CODE, null);
    }

    /** The cap that refused: the one the request does not fit; when both or neither (the counter moved since), tokens first. */
    private static boolean costIsTheBindingCap(BudgetCaps caps, CounterState state, Spend amount) {
        boolean tokensFit = caps.tokens() == null || state.committedTokens() + amount.tokens() <= caps.tokens();
        boolean costFits = caps.micros() == null || state.committedMicros() + amount.micros() <= caps.micros();
        if (caps.tokens() == null) {
            return true;
        }
        return tokensFit && !costFits;
    }

    private static String owner(ActiveBudget budget) {
        return budget.scope() == BudgetScope.KEY ? "this API key's (" + budget.counter().keyId() + ")" : "your tenant's";
    }

    private static String amount(boolean cost, long value) {
        return cost ? "$" + BigDecimal.valueOf(value, 6).toPlainString() : value + " tokens";
    }
}

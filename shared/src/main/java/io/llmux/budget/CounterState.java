package io.llmux.budget;

/**
 * A budget counter item as one atomic write left it.
 *
 * <p>{@code committed} is what the caps are checked against: everything settled plus every
 * reservation still open. {@code reserved} is the open reservations alone. So what was actually
 * spent is {@code committed - reserved}, and it only ever grows: a reservation adds to both, a
 * settlement moves its amount from reserved to spent, a release removes it from both.
 */
public record CounterState(long committedTokens, long committedMicros, long reservedTokens, long reservedMicros) {

    public static final CounterState EMPTY = new CounterState(0, 0, 0, 0);

    public long spentTokens() {
        return committedTokens - reservedTokens;
    }

    public long spentMicros() {
        return committedMicros - reservedMicros;
    }

    /** This state after adding {@code committed} and {@code reserved} (what the ledgers' ADD does). */
    public CounterState plus(Spend committed, Spend reserved) {
        return new CounterState(Math.addExact(committedTokens, committed.tokens()), Math.addExact(committedMicros, committed.micros()),
                Math.addExact(reservedTokens, reserved.tokens()), Math.addExact(reservedMicros, reserved.micros()));
    }

    /** Whether {@code amount} more still fits every cap of {@code caps}. */
    public boolean fits(Spend amount, BudgetCaps caps) {
        return (caps.tokens() == null || committedTokens + amount.tokens() <= caps.tokens())
                && (caps.micros() == null || committedMicros + amount.micros() <= caps.micros());
    }
}

package io.llmux.budget;

/**
 * An amount counted against a budget: tokens and integer micro-dollars (never a float). May be
 * negative as a correction (a settlement below its reservation, a release).
 */
public record Spend(long tokens, long micros) {

    public static final Spend ZERO = new Spend(0, 0);

    public Spend minus(Spend other) {
        return new Spend(Math.subtractExact(tokens, other.tokens), Math.subtractExact(micros, other.micros));
    }

    public Spend negated() {
        return new Spend(Math.negateExact(tokens), Math.negateExact(micros));
    }
}

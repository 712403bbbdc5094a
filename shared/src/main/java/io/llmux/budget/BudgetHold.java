package io.llmux.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The reservations one request holds, from the budget stage until its end. Closed exactly once,
 * by whichever comes first: {@link #settle} with what the request actually used, or
 * {@link #release} when it used nothing (the provider failed, the client left before a call).
 * Later calls change nothing. Neither ever fails: a ledger that cannot be written is logged, and
 * the reservation then stays counted until its period ends (an over-count, never an overspend).
 */
public final class BudgetHold {

    /**
     * One budget's reservation: the counter written (the budget's one counter, or the shard that
     * took it), and the budget's state as last seen (for a sharded budget, the sum of its shards).
     */
    record Reservation(ActiveBudget budget, BudgetCounter counter, CounterState seen) {
    }

    private final BudgetGate gate;
    private final List<Reservation> reservations;
    private final Spend reserved;
    private final Supplier<Spend> worstCase;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param reserved  what each reservation holds; null when no budget applies
     * @param worstCase the request's worst case, computed only if a stream's head asks for it
     */
    BudgetHold(BudgetGate gate, List<Reservation> reservations, Spend reserved, Supplier<Spend> worstCase) {
        this.gate = gate;
        this.reservations = List.copyOf(reservations);
        this.reserved = reserved;
        this.worstCase = worstCase;
    }

    /**
     * The status before the request is settled (a stream's response head): the reservation as
     * its cost, an upper bound, and what the reservations left.
     */
    public BudgetStatus reservedStatus() {
        Spend amount = reserved != null ? reserved : worstCase.get();
        List<BudgetRemaining> left = new ArrayList<>(4);
        for (Reservation reservation : reservations) {
            addRemaining(left, reservation.budget(), reservation.seen());
        }
        return new BudgetStatus(amount.micros(), false, BudgetStatus.tightest(left));
    }

    /** Settles with what the request used: the difference to the reservation is added (negative when it used less). */
    public CompletableFuture<BudgetStatus> settle(Spend actual) {
        if (!closed.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(new BudgetStatus(actual.micros(), true, null));
        }
        if (reservations.isEmpty()) {
            return CompletableFuture.completedFuture(new BudgetStatus(actual.micros(), true, null));
        }
        return gate.settle(reservations, reserved, actual);
    }

    /** Gives the whole reservation back. */
    public CompletableFuture<Void> release() {
        if (!closed.compareAndSet(false, true) || reservations.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return gate.release(reservations, reserved);
    }

    /** {@code call}, releasing this hold if it fails (or is cancelled) before the hold was settled. */
    public <T> CompletableFuture<T> releasingOnFailure(CompletableFuture<T> call) {
        return call.exceptionallyCompose(failure -> release().thenCompose(released -> CompletableFuture.<T>failedFuture(failure)));
    }

    /** Whether a budget applies (a reservation is held). */
    public boolean budgeted() {
        return !reservations.isEmpty();
    }

    static void addRemaining(List<BudgetRemaining> left, ActiveBudget budget, CounterState state) {
        if (budget.caps().tokens() != null) {
            left.add(BudgetRemaining.of(budget, state, false));
        }
        if (budget.caps().micros() != null) {
            left.add(BudgetRemaining.of(budget, state, true));
        }
    }
}

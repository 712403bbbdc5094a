package io.llmux.budget;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequest;
import io.llmux.tenancy.Principal;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's budget stage: reserves a request's worst case against every budget that applies
 * (the key's, then the tenant's) before the provider is called, and refuses it with a 429
 * {@code insufficient_quota} when a hard budget cannot take it. The {@link BudgetHold} it returns
 * settles or releases the reservation when the request ends.
 *
 * <p>Worst case: the exact prompt tokens plus the most the request may generate
 * ({@code max_completion_tokens} / {@code max_tokens} times {@code n}, else
 * {@code llmux.budgets.default-max-output-tokens}), priced at the model's catalogue prices as if
 * no prompt token were cached. A model without a price costs 0, so cost caps do not bind it.
 *
 * <p>Ledger calls that do I/O (DynamoDB) run on virtual threads, never on the event loop.
 */
@Singleton
public final class BudgetGate {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetGate.class);

    private final BudgetLedger ledger;
    private final BudgetAlerts alerts;
    private final TokenCounter tokens;
    private final PricingCatalog prices;
    private final Clock clock;
    private final int defaultMaxOutputTokens;
    private final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();

    @Inject
    public BudgetGate(BudgetLedger ledger, BudgetAlerts alerts, TokenCounter tokens, PricingCatalog prices, Clock clock,
                      @Value("${llmux.budgets.default-max-output-tokens:4096}") int defaultMaxOutputTokens) {
        this.ledger = ledger;
        this.alerts = alerts;
        this.tokens = tokens;
        this.prices = prices;
        this.clock = clock;
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
    }

    public CompletableFuture<BudgetHold> reserveChat(Principal principal, String model, ChatRequest request) {
        return reserve(principal, () -> chatWorstCase(model, request));
    }

    /** Embeddings generate nothing: their worst case is their input. */
    public CompletableFuture<BudgetHold> reserveEmbeddings(Principal principal, String model, LongSupplier inputTokens) {
        return reserve(principal, () -> {
            long input = inputTokens.getAsLong();
            return new Spend(input, prices.costMicros(model, new Usage(input, 0, 0, UsageSource.LOCAL)));
        });
    }

    /** A chat request's worst case: prompt plus maximum output, at the model's prices. */
    public Spend chatWorstCase(String model, ChatRequest request) {
        long output = Math.multiplyExact((long) (request.maxOutputTokens() != null ? request.maxOutputTokens() : defaultMaxOutputTokens),
                Math.max(1, request.n()));
        long prompt = tokens.countPrompt(request);
        return new Spend(prompt + output, prices.costMicros(model, new Usage(prompt, output, 0, UsageSource.LOCAL)));
    }

    /** What {@code usage} of {@code model} costs, in micro-dollars (0 without a price). */
    public long costMicros(String model, Usage usage) {
        return prices.costMicros(model, usage);
    }

    private CompletableFuture<BudgetHold> reserve(Principal principal, Supplier<Spend> worstCase) {
        List<ActiveBudget> budgets = BudgetPolicies.active(principal, clock.instant());
        if (budgets.isEmpty()) {
            return CompletableFuture.completedFuture(new BudgetHold(this, List.of(), null, memoized(worstCase)));
        }
        Spend amount = worstCase.get();
        return call(() -> reserveAll(budgets, amount), true);
    }

    /**
     * Reserves on each budget in turn, key first. DynamoDB transactions are not used (dynalite,
     * the test DynamoDB, has none, and they cost twice the writes): when a later budget refuses,
     * the reservations already made are compensated by releasing them. Between the two writes
     * another request may find the key's counter higher by this amount and be refused by it: a
     * conservative error for a few milliseconds, never an overspend.
     */
    private BudgetHold reserveAll(List<ActiveBudget> budgets, Spend amount) {
        List<BudgetHold.Reservation> made = new ArrayList<>(budgets.size());
        for (ActiveBudget budget : budgets) {
            Optional<CounterState> after = ledger.reserve(budget.counter(), amount, budget.reservationCaps(), budget.expiresAt());
            if (after.isEmpty()) {
                releaseAll(made, amount);
                CounterState now = ledger.read(budget.counter());
                alerts.refused(budget, now);
                throw BudgetRefusals.refused(budget, now, amount);
            }
            made.add(new BudgetHold.Reservation(budget, after.get()));
        }
        return new BudgetHold(this, made, amount, () -> amount);
    }

    CompletableFuture<BudgetStatus> settle(List<BudgetHold.Reservation> reservations, Spend reserved, Spend actual) {
        return call(() -> {
            List<BudgetRemaining> left = new ArrayList<>(4);
            for (BudgetHold.Reservation reservation : reservations) {
                ActiveBudget budget = reservation.budget();
                CounterState after = reservation.after();
                try {
                    after = ledger.adjust(budget.counter(), actual.minus(reserved), reserved.negated(), budget.expiresAt());
                    alerts.settled(budget, after, actual);
                } catch (RuntimeException e) {
                    LOG.atError().addKeyValue("tenant_id", budget.counter().tenantId()).addKeyValue("budget", BudgetKeys.counterPk(budget.counter()))
                            .addKeyValue("cause", e.toString()).log("Could not settle a budget reservation: it stays counted until the period ends");
                }
                BudgetHold.addRemaining(left, budget, after);
            }
            return new BudgetStatus(actual.micros(), true, BudgetStatus.tightest(left));
        }, false);
    }

    CompletableFuture<Void> release(List<BudgetHold.Reservation> reservations, Spend reserved) {
        return call(() -> {
            releaseAll(reservations, reserved);
            return null;
        }, false);
    }

    private void releaseAll(List<BudgetHold.Reservation> reservations, Spend reserved) {
        for (BudgetHold.Reservation reservation : reservations) {
            ActiveBudget budget = reservation.budget();
            try {
                ledger.adjust(budget.counter(), reserved.negated(), reserved.negated(), budget.expiresAt());
            } catch (RuntimeException e) {
                LOG.atError().addKeyValue("tenant_id", budget.counter().tenantId()).addKeyValue("budget", BudgetKeys.counterPk(budget.counter()))
                        .addKeyValue("cause", e.toString()).log("Could not release a budget reservation: it stays counted until the period ends");
            }
        }
    }

    /**
     * Runs a ledger call, on a virtual thread when the ledger blocks. A reservation the ledger
     * cannot make fails the request with a 503 (budgets fail closed: an unchecked request could
     * overspend); {@code mayFail = false} for settlements, whose failures are logged where they happen.
     */
    private <T> CompletableFuture<T> call(Supplier<T> work, boolean mayFail) {
        Supplier<T> guarded = mayFail ? () -> {
            try {
                return work.get();
            } catch (GatewayException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.atError().addKeyValue("cause", e.toString()).log("The budget ledger failed: the request is refused");
                throw new GatewayException(ErrorType.SERVICE_UNAVAILABLE,
                        "Budgets cannot be checked right now, so the request was not sent to a provider. Retry shortly.",
                        null, "budget_store_unavailable", Duration.ofSeconds(1));
            }
        } : work;
        if (!ledger.blocking()) {
            try {
                return CompletableFuture.completedFuture(guarded.get());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(guarded, io);
    }

    private static Supplier<Spend> memoized(Supplier<Spend> supplier) {
        return new Supplier<>() {
            private volatile Spend value;

            @Override
            public Spend get() {
                Spend computed = value;
                if (computed == null) {
                    computed = supplier.get();
                    value = computed;
                }
                return computed;
            }
        };
    }
}

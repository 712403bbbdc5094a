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
import java.util.concurrent.ThreadLocalRandom;
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
    private final int tenantShards;
    private final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param tenantShards how many counters each tenant budget is split over
     *                     ({@code llmux.budgets.tenant-counter-shards}, 1 = not split; see docs/budgets.md)
     */
    @Inject
    public BudgetGate(BudgetLedger ledger, BudgetAlerts alerts, TokenCounter tokens, PricingCatalog prices, Clock clock,
                      @Value("${llmux.budgets.default-max-output-tokens:4096}") int defaultMaxOutputTokens,
                      @Value("${llmux.budgets.tenant-counter-shards:1}") int tenantShards) {
        if (tenantShards < 1) {
            throw new IllegalArgumentException("llmux.budgets.tenant-counter-shards must be at least 1, not " + tenantShards);
        }
        this.ledger = ledger;
        this.alerts = alerts;
        this.tokens = tokens;
        this.prices = prices;
        this.clock = clock;
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
        this.tenantShards = tenantShards;
    }

    /** A gate whose budgets are never sharded. */
    public BudgetGate(BudgetLedger ledger, BudgetAlerts alerts, TokenCounter tokens, PricingCatalog prices, Clock clock,
                      int defaultMaxOutputTokens) {
        this(ledger, alerts, tokens, prices, clock, defaultMaxOutputTokens, 1);
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
        List<ActiveBudget> budgets = BudgetPolicies.active(principal, clock.instant(), tenantShards);
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
            Optional<BudgetHold.Reservation> reservation = reserveOn(budget, amount);
            if (reservation.isEmpty()) {
                releaseAll(made, amount);
                CounterState now = state(budget);
                alerts.refused(budget, now);
                throw BudgetRefusals.refused(budget, now, amount);
            }
            made.add(reservation.get());
        }
        return new BudgetHold(this, made, amount, () -> amount);
    }

    /**
     * One conditional write on the budget's counter; on a sharded budget, on one shard after
     * another from a random one, until one takes it (each holds its share of the caps, so the
     * shards together never admit more than the cap). A request is refused only when no shard can
     * take it; every shard is tried so that none is left with room a request would fit in.
     */
    private Optional<BudgetHold.Reservation> reserveOn(ActiveBudget budget, Spend amount) {
        if (!budget.sharded()) {
            return ledger.reserve(budget.counter(), amount, budget.reservationCaps(), budget.expiresAt())
                    .map(after -> new BudgetHold.Reservation(budget, budget.counter(), after));
        }
        int first = ThreadLocalRandom.current().nextInt(budget.shards());
        for (int i = 0; i < budget.shards(); i++) {
            int shard = 1 + (first + i) % budget.shards();
            BudgetCounter counter = budget.counter(shard);
            if (ledger.reserve(counter, amount, budget.reservationCaps(shard), budget.expiresAt()).isPresent()) {
                return Optional.of(new BudgetHold.Reservation(budget, counter, state(budget)));
            }
        }
        return Optional.empty();
    }

    /** The budget's counter as it stands; a sharded budget's is the sum of its shards (N reads). */
    private CounterState state(ActiveBudget budget) {
        if (!budget.sharded()) {
            return ledger.read(budget.counter());
        }
        CounterState total = CounterState.EMPTY;
        for (int shard = 1; shard <= budget.shards(); shard++) {
            CounterState part = ledger.read(budget.counter(shard));
            total = total.plus(new Spend(part.committedTokens(), part.committedMicros()), new Spend(part.reservedTokens(), part.reservedMicros()));
        }
        return total;
    }

    CompletableFuture<BudgetStatus> settle(List<BudgetHold.Reservation> reservations, Spend reserved, Spend actual) {
        return call(() -> {
            List<BudgetRemaining> left = new ArrayList<>(4);
            for (BudgetHold.Reservation reservation : reservations) {
                ActiveBudget budget = reservation.budget();
                CounterState after = reservation.seen();
                try {
                    after = ledger.adjust(reservation.counter(), actual.minus(reserved), reserved.negated(), budget.expiresAt());
                    if (budget.sharded()) {
                        after = state(budget);
                        alerts.settledTotal(budget, after);
                    } else {
                        alerts.settled(budget, after, actual);
                    }
                } catch (RuntimeException e) {
                    LOG.atError().addKeyValue("tenant_id", budget.counter().tenantId()).addKeyValue("budget", BudgetKeys.counterPk(reservation.counter()))
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
                ledger.adjust(reservation.counter(), reserved.negated(), reserved.negated(), budget.expiresAt());
            } catch (RuntimeException e) {
                LOG.atError().addKeyValue("tenant_id", budget.counter().tenantId()).addKeyValue("budget", BudgetKeys.counterPk(reservation.counter()))
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

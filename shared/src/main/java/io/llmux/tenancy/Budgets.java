package io.llmux.tenancy;

/**
 * Spending caps per period; a null field means no cap. Enforced by the budget ledger.
 *
 * @param period      daily, weekly or monthly (aligned to the tenant's time zone)
 * @param tokens      tokens per period
 * @param costMicros  micro-dollars per period
 * @param hardCap     refuse when exceeded (true) or allow and warn (false)
 */
public record Budgets(String period, Long tokens, Long costMicros, boolean hardCap) {

    public static final Budgets NONE = new Budgets("monthly", null, null, true);
}

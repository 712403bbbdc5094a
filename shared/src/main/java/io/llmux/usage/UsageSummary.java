package io.llmux.usage;

import java.time.Instant;

/**
 * A closed period's totals, written once by the quota-reset function when the period ended.
 *
 * @param totals   the sum of the period's lines when it was closed
 * @param lines    how many lines were summed
 * @param closedAt when it was closed
 */
public record UsageSummary(UsageCounts totals, int lines, Instant closedAt) {
}

package io.llmux.pipeline;

/**
 * Where settled usage goes: the budget ledger and usage reports (DynamoDB) in production. The
 * pipeline calls it exactly once per request the provider answered (a 200, whole or streamed),
 * whatever happened next: completed, cut midway, or abandoned by the client. A call the provider
 * refused (429, 5xx, timeout before an answer) produced nothing and is not metered; neither is a
 * whole answer too malformed to read (the provider's usage report is in it).
 */
public interface UsageMeter {

    void record(UsageRecord record);
}

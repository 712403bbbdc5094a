package io.llmux.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each usage record as one structured log line. Not a bean of its own: the default meter,
 * io.llmux.usage.LedgerUsageMeter, writes this line and then the usage ledger.
 */
public final class LoggingUsageMeter implements UsageMeter {

    private static final Logger LOG = LoggerFactory.getLogger("llmux.usage");

    @Override
    public void record(UsageRecord r) {
        if (LOG.isInfoEnabled()) {
            LOG.atInfo()
                    .addKeyValue("request_id", r.requestId())
                    .addKeyValue("tenant_id", r.tenantId())
                    .addKeyValue("key_id", r.keyId())
                    .addKeyValue("operation", r.operation())
                    .addKeyValue("provider", r.provider())
                    .addKeyValue("model", r.model())
                    .addKeyValue("prompt_tokens", r.usage().promptTokens())
                    .addKeyValue("completion_tokens", r.usage().completionTokens())
                    .addKeyValue("cached_tokens", r.usage().cachedPromptTokens())
                    .addKeyValue("cache_creation_tokens", r.usage().cacheCreationTokens())
                    .addKeyValue("usage_source", r.usage().source().wireName())
                    .addKeyValue("cost_micros", r.costMicros())
                    .addKeyValue("outcome", r.outcome().name().toLowerCase())
                    .log("usage");
        }
    }
}

package io.llmux.events;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened that other systems may want to know: a tenant created or suspended, a
 * key created or revoked, a budget warning. Carries ids and facts, never key material.
 *
 * @param type     e.g. tenant_created, key_revoked
 * @param tenantId the tenant it concerns
 * @param at       when it happened
 * @param data     details (ids, names, thresholds)
 */
public record GatewayEvent(String type, String tenantId, Instant at, Map<String, Object> data) {
}

package io.llmux.tenancy.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.RouteOverride;
import io.llmux.tenancy.TenantSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tenant settings as stored in a DynamoDB item: route overrides survive, and items written before them still read. */
class StoredSettingsTest {

    @Test
    void routeOverridesRoundTrip() {
        TenantSettings settings = new TenantSettings(List.of(), "cost", Limits.NONE, Budgets.NONE, "UTC", null,
                Map.of("smart", new RouteOverride("least-busy", List.of("openai/gpt-4o", "azure/gpt-4o"))));
        Map<String, AttributeValue> item = Map.of("settings", Attributes.json(settings));
        assertEquals(settings, Attributes.json(item, "settings", TenantSettings.class, null));
    }

    @Test
    void settingsStoredBeforeRoutesExistedReadWithNone() {
        Map<String, AttributeValue> item = Map.of("settings", AttributeValue.fromS(
                "{\"allowedModels\":[],\"defaultRouting\":null,\"limits\":{},\"budgets\":{\"period\":\"monthly\"},\"timeZone\":\"UTC\"}"));
        assertNull(Attributes.json(item, "settings", TenantSettings.class, null).routes());
    }
}

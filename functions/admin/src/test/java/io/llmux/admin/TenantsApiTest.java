package io.llmux.admin;

import static io.llmux.admin.testing.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.RawHttp;
import io.llmux.admin.testing.AdminServer;
import io.llmux.admin.testing.RecordedEvents;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TenantsApiTest {

    private static AdminServer server;
    private static RawHttp admin;
    private static RecordedEvents events;

    @BeforeAll
    static void start() {
        server = AdminServer.start();
        admin = server.admin();
        events = server.context().getBean(RecordedEvents.class);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTenantIsCreatedWithDefaultsReadChangedAndDeleted() {
        RawHttp.Response created = admin.post("/api/tenants", "{\"name\":\"search-team\",\"metadata\":{\"cost_center\":\"42\"}}");
        assertEquals(201, created.status(), created::toString);
        JsonNode tenant = created.json();
        String id = tenant.path("id").asText();
        assertTrue(id.startsWith("ten_"), id);
        assertEquals("search-team", tenant.path("name").asText());
        assertEquals("active", tenant.path("status").asText());
        assertEquals("UTC", tenant.path("settings").path("time_zone").asText());
        assertEquals("monthly", tenant.path("settings").path("budgets").path("period").asText());
        assertTrue(tenant.path("settings").path("allowed_models").isArray());
        assertEquals("42", tenant.path("metadata").path("cost_center").asText());
        assertFalse(tenant.path("created_at").asText().isEmpty());
        assertTrue(events.has("tenant_created", id), () -> events.all().toString());

        assertEquals(tenant, admin.get("/api/tenants/" + id).json());

        RawHttp.Response changed = admin.patch("/api/tenants/" + id,
                "{\"status\":\"suspended\",\"settings\":{\"time_zone\":\"Europe/Paris\",\"limits\":{\"requests_per_minute\":60}}}");
        assertEquals(200, changed.status(), changed::toString);
        JsonNode after = changed.json();
        assertEquals("suspended", after.path("status").asText());
        assertEquals("search-team", after.path("name").asText(), "absent fields stay");
        assertEquals("Europe/Paris", after.path("settings").path("time_zone").asText());
        assertEquals(60, after.path("settings").path("limits").path("requests_per_minute").asInt());
        assertEquals("monthly", after.path("settings").path("budgets").path("period").asText(), "absent settings stay");
        assertEquals(tenant.path("version").asLong() + 1, after.path("version").asLong());
        assertTrue(events.has("tenant_suspended", id), () -> events.all().toString());

        RawHttp.Response deleted = admin.delete("/api/tenants/" + id);
        assertEquals(200, deleted.status(), deleted::toString);
        assertTrue(deleted.json().path("deleted").asBoolean());
        assertError(admin.get("/api/tenants/" + id), 404, null);
        assertError(admin.delete("/api/tenants/" + id), 404, null);
    }

    @Test
    void theListIsPaginatedWithoutGapsOrRepeats() {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            mine.add(admin.post("/api/tenants", "{\"name\":\"page-" + i + "\"}").json().path("id").asText());
        }
        Set<String> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            RawHttp.Response page = admin.get("/api/tenants?limit=3" + (token == null ? "" : "&page_token=" + token));
            assertEquals(200, page.status(), page::toString);
            JsonNode body = page.json();
            sizes.add(body.path("data").size());
            body.path("data").forEach(t -> assertTrue(seen.add(t.path("id").asText()), "repeated " + t));
            token = body.path("next_page_token").isNull() ? null : body.path("next_page_token").asText();
        } while (token != null);
        assertTrue(seen.containsAll(mine), seen + " lacks some of " + mine);
        assertTrue(sizes.stream().allMatch(size -> size <= 3), sizes::toString);
        assertTrue(admin.get("/api/tenants").json().path("data").size() <= 20, "default page size");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "limit=0|limit",
        "limit=101|limit",
        "limit=-5|limit",
        "limit=ten|limit",
        "page_token=%00|page_token",
    })
    void badListParametersAre400sNamingTheParameter(String query, String param) {
        assertError(admin.get("/api/tenants?" + query), 400, param);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{}|name",
        "{\"name\":\"\"}|name",
        "{\"name\":\"   \"}|name",
        "{\"name\":null}|name",
        "{\"name\":42}|name",
        "{\"name\":\"x\",\"nmae\":\"typo\"}|nmae",
        "{\"name\":\"x\",\"settings\":{\"time_zone\":\"Mars/Olympus\"}}|settings.time_zone",
        "{\"name\":\"x\",\"settings\":{\"time_zone\":\"+02:00\"}}|settings.time_zone",
        "{\"name\":\"x\",\"settings\":{\"limits\":{\"requests_per_minute\":-1}}}|settings.limits.requests_per_minute",
        "{\"name\":\"x\",\"settings\":{\"limits\":{\"requests_per_minute\":\"60\"}}}|settings.limits.requests_per_minute",
        "{\"name\":\"x\",\"settings\":{\"limits\":{\"tokens_per_minute\":1.5}}}|settings.limits.tokens_per_minute",
        "{\"name\":\"x\",\"settings\":{\"budgets\":{\"period\":\"yearly\"}}}|settings.budgets.period",
        "{\"name\":\"x\",\"settings\":{\"budgets\":{\"cost_micros\":-100}}}|settings.budgets.cost_micros",
        "{\"name\":\"x\",\"settings\":{\"budgets\":{\"hard_cap\":\"yes\"}}}|settings.budgets.hard_cap",
        "{\"name\":\"x\",\"settings\":{\"allowed_models\":\"mock-chat\"}}|settings.allowed_models",
        "{\"name\":\"x\",\"settings\":{\"allowed_models\":[\"\"]}}|settings.allowed_models[0]",
        "{\"name\":\"x\",\"settings\":{\"allowed_models\":[\"mock-chat\",\"g*pt\"]}}|settings.allowed_models[1]",
        "{\"name\":\"x\",\"settings\":{\"default_routing\":\"a b\"}}|settings.default_routing",
        "{\"name\":\"x\",\"settings\":{\"default_routing\":\"cheapest\"}}|settings.default_routing",
        "{\"name\":\"x\",\"settings\":{\"routes\":{\"smart\":{\"strategy\":\"fastest\"}}}}|settings.routes.smart.strategy",
        "{\"name\":\"x\",\"settings\":{\"routes\":{\"smart\":{}}}}|settings.routes.smart",
        "{\"name\":\"x\",\"settings\":{\"routes\":{\"smart\":{\"deployments\":[\"openai/*\"]}}}}|settings.routes.smart.deployments[0]",
        "{\"name\":\"x\",\"metadata\":{\"k\":1}}|metadata.k",
        "{\"name\":\"x\",\"metadata\":[]}|metadata",
        "{\"name\":\"x\",\"status\":\"active\"}|status",
    })
    void badTenantBodiesAre400sNamingTheField(String body, String param) {
        assertError(admin.post("/api/tenants", body), 400, param);
    }

    @Test
    void aNameOverTheLimitIsRefusedAndOneAtTheLimitIsNot() {
        assertError(admin.post("/api/tenants", "{\"name\":\"" + "n".repeat(129) + "\"}"), 400, "name");
        assertEquals(201, admin.post("/api/tenants", "{\"name\":\"" + "n".repeat(128) + "\"}").status());
    }

    @Test
    void bodiesThatAreNotAJsonObjectAre400sOr415s() {
        assertError(admin.post("/api/tenants", "{\"name\":"), 400, null);
        assertError(admin.post("/api/tenants", "[]"), 400, null);
        assertError(admin.post("/api/tenants", "{\"name\":\"a\",\"name\":\"b\"}"), 400, null);
        assertError(admin.post("/api/tenants", "{\"name\":\"a\"} {}"), 400, null);
        assertError(admin.post("/api/tenants", null), 400, null);
        assertError(admin.send("POST", "/api/tenants", "text/plain", "{\"name\":\"a\"}"), 415, null);
        assertError(admin.send("POST", "/api/tenants", null, "{\"name\":\"a\"}"), 415, null);
        assertError(admin.post("/api/tenants", "{\"name\":\"x\",\"metadata\":" + "[".repeat(200) + "]".repeat(200) + "}"), 400, null);
    }

    @Test
    void badChangesAre400sAndUnknownTenants404s() {
        String id = admin.post("/api/tenants", "{\"name\":\"patchy\"}").json().path("id").asText();
        assertError(admin.patch("/api/tenants/" + id, "{\"status\":\"paused\"}"), 400, "status");
        assertError(admin.patch("/api/tenants/" + id, "{\"status\":\"SUSPENDED\"}"), 400, "status");
        assertError(admin.patch("/api/tenants/" + id, "{\"settings\":{\"time_zone\":\"Europe/Nowhere\"}}"), 400, "settings.time_zone");
        assertError(admin.patch("/api/tenants/" + id, "{\"id\":\"ten_other\"}"), 400, "id");
        assertEquals("active", admin.get("/api/tenants/" + id).json().path("status").asText(), "a refused change changes nothing");

        assertError(admin.get("/api/tenants/ten_doesNotExist"), 404, null);
        assertError(admin.patch("/api/tenants/ten_doesNotExist", "{\"name\":\"x\"}"), 404, null);
        assertError(admin.get("/api/tenants/not-an-id"), 404, null);
        assertError(admin.get("/api/nowhere"), 404, null);
        assertError(admin.send("PUT", "/api/tenants/" + id, "application/json", "{}"), 405, null);
    }

    @Test
    void routeOverridesAreStoredAndShown() {
        JsonNode tenant = admin.post("/api/tenants", "{\"name\":\"routes\",\"settings\":{\"routes\":"
                + "{\"smart\":{\"strategy\":\"LEAST_BUSY\",\"deployments\":[\"openai/gpt-4o-mini\",\"mock/mock-chat\"]}}}}").json();
        JsonNode smart = tenant.path("settings").path("routes").path("smart");
        assertEquals("least-busy", smart.path("strategy").asText(), tenant::toString);
        assertEquals("mock/mock-chat", smart.path("deployments").path(1).asText(), tenant::toString);
        JsonNode cleared = admin.patch("/api/tenants/" + tenant.path("id").asText(), "{\"settings\":{\"routes\":null}}").json();
        assertTrue(cleared.path("settings").path("routes").isNull() || cleared.path("settings").path("routes").isMissingNode(),
                cleared::toString);
    }

    @Test
    void clearingAFieldInSettingsUsesAnExplicitNull() {
        String id = admin.post("/api/tenants", "{\"name\":\"routing\",\"settings\":{\"default_routing\":\"cost\",\"allowed_models\":[\"mock-*\"]}}")
                .json().path("id").asText();
        JsonNode after = admin.patch("/api/tenants/" + id, "{\"settings\":{\"default_routing\":null}}").json();
        assertTrue(after.path("settings").path("default_routing").isNull(), after::toString);
        assertEquals("mock-*", after.path("settings").path("allowed_models").path(0).asText(), after::toString);
        assertNotEquals(0, after.path("version").asLong());
    }
}

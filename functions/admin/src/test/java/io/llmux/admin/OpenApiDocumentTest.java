package io.llmux.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.llmux.testing.RawHttp;
import io.llmux.admin.testing.AdminServer;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document generated from the controllers at compile time is served, and describes every route. */
class OpenApiDocumentTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static AdminServer server;

    @BeforeAll
    static void start() {
        server = AdminServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theDocumentIsServedWithoutCredentialsAndListsEveryRoute() throws Exception {
        RawHttp.Response response = server.as(null).get("/api/openapi.yaml");
        assertEquals(200, response.status(), response::toString);
        assertTrue(response.header("Content-Type").startsWith("application/yaml"), response.header("Content-Type"));
        JsonNode document = YAML.readTree(response.body());
        assertTrue(document.path("openapi").asText().startsWith("3."), document.path("openapi")::toString);
        assertEquals("LLMux admin API", document.path("info").path("title").asText());

        Map<String, Set<String>> expected = Map.of(
                "/api/tenants", Set.of("get", "post"),
                "/api/tenants/{id}", Set.of("get", "patch", "delete"),
                "/api/tenants/{id}/usage", Set.of("get"),
                "/api/tenants/{tenantId}/keys", Set.of("get", "post"),
                "/api/tenants/{tenantId}/keys/{keyId}", Set.of("delete"),
                "/api/tenants/{tenantId}/keys/{keyId}/rotate", Set.of("post"));
        Set<String> paths = new TreeSet<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(new TreeSet<>(expected.keySet()), paths, "documented paths");
        expected.forEach((path, methods) -> {
            Set<String> documented = new TreeSet<>();
            document.path("paths").path(path).fieldNames().forEachRemaining(documented::add);
            assertEquals(new TreeSet<>(methods), documented, path);
            methods.forEach(method -> assertEquals("adminToken", document.path("paths").path(path).path(method)
                    .path("security").path(0).fieldNames().next(), path + " " + method + " requires the admin token"));
        });
        assertEquals("bearer", document.path("components").path("securitySchemes").path("adminToken").path("scheme").asText());
    }

    @Test
    void schemasAreSnakeCaseAndNeverCarryAHash() throws Exception {
        JsonNode document = YAML.readTree(server.as(null).get("/api/openapi.yaml").body());
        JsonNode schemas = document.path("components").path("schemas");
        assertTrue(schemas.path("ApiKey").path("properties").has("allowed_models"), schemas.path("ApiKey")::toString);
        assertTrue(schemas.path("ApiKey").path("properties").has("last_used_at"));
        assertFalse(schemas.path("ApiKey").path("properties").has("secret"), "listings carry no secret");
        assertTrue(schemas.path("IssuedApiKey").path("properties").has("secret"));
        assertTrue(schemas.path("TenantSettings").path("properties").has("time_zone"));
        assertTrue(schemas.path("TenantList").path("properties").has("next_page_token"));
        assertTrue(schemas.path("UsageReport").path("properties").has("period_key"), schemas.path("UsageReport")::toString);
        assertTrue(schemas.path("UsageTotals").path("properties").has("cost_usd"), schemas.path("UsageTotals")::toString);
        assertEquals("#/components/schemas/UsageReport", document.path("paths").path("/api/tenants/{id}/usage").path("get")
                .path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText());
        assertEquals("#/components/schemas/CreateTenantRequest", document.path("paths").path("/api/tenants").path("post")
                .path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText());
        for (JsonNode schema : schemas) {
            assertFalse(schema.path("properties").has("hash"), schema::toString);
            schema.path("properties").fieldNames().forEachRemaining(name ->
                    assertEquals(name.toLowerCase(java.util.Locale.ROOT), name, "snake_case property " + name));
        }
        assertTrue(document.path("paths").path("/api/tenants").path("post").path("parameters").toString().contains("Idempotency-Key"));
    }
}

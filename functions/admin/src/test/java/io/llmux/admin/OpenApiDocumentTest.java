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

    /**
     * Regression: the generated schemas' required lists were whatever the generator guessed (an
     * ApiKey's tenant_id required but not its id; TenantSettings shared with requests so nothing
     * in it required). Every response carries every field of its schema (null where unset), so a
     * response schema requires all its properties; requests require exactly what a 400 enforces.
     */
    @Test
    void everyResponseSchemaRequiresAllItsPropertiesAndRequestSchemasOnlyWhatIsEnforced() throws Exception {
        JsonNode schemas = YAML.readTree(server.as(null).get("/api/openapi.yaml").body()).path("components").path("schemas");
        Set<String> requests = Set.of("CreateTenantRequest", "UpdateTenantRequest", "CreateKeyRequest", "RotateKeyRequest",
                "TenantSettingsInput", "LimitsInput", "BudgetsInput", "CachePolicyInput", "RouteOverrideInput");
        schemas.fieldNames().forEachRemaining(name -> {
            JsonNode schema = schemas.path(name);
            Set<String> properties = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(properties::add);
            Set<String> required = new TreeSet<>();
            schema.path("required").forEach(field -> required.add(field.asText()));
            if (requests.contains(name)) {
                assertEquals(name.equals("CreateTenantRequest") ? Set.of("name") : Set.of(), required, name + " requires");
            } else {
                assertEquals(properties, required, name + ": a response carries every field, so its schema requires every one");
            }
        });
    }

    /** Real responses of every kind, checked field by field against their schemas. */
    @Test
    void realResponsesHaveExactlyTheFieldsTheirSchemasDeclare() throws Exception {
        JsonNode document = YAML.readTree(server.as(null).get("/api/openapi.yaml").body());
        RawHttp admin = server.admin();
        RawHttp.Response tenant = admin.post("/api/tenants", "{\"name\":\"schema-check\",\"settings\":{\"cache\":{\"enabled\":true},"
                + "\"routes\":{\"smart\":{\"strategy\":\"least-busy\"}},\"limits\":{\"requests_per_minute\":5}},\"metadata\":{\"a\":\"b\"}}");
        String id = tenant.json().path("id").asText();
        String keys = "/api/tenants/" + id + "/keys";
        RawHttp.Response key = admin.post(keys, "{\"name\":\"k\",\"cache\":{\"ttl_seconds\":60},\"expires_at\":\"2099-01-01T00:00:00Z\"}");
        RawHttp.Response rotated = admin.post(keys + "/" + key.json().path("id").asText() + "/rotate", "{}");
        RawHttp.Response keyList = admin.get(keys);
        RawHttp.Response revoked = admin.delete(keys + "/" + rotated.json().path("id").asText());
        RawHttp.Response tenantList = admin.get("/api/tenants?limit=1");
        RawHttp.Response usage = admin.get("/api/tenants/" + id + "/usage?period=daily&group_by=day&limit=1");
        RawHttp.Response missing = admin.get("/api/tenants/ten_missing");
        RawHttp.Response deleted = admin.delete("/api/tenants/" + id);

        Map<String, RawHttp.Response> examples = new java.util.LinkedHashMap<>();
        examples.put("Tenant", tenant);
        examples.put("IssuedApiKey", key);
        examples.put("IssuedApiKey (rotation)", rotated);
        examples.put("ApiKeyList", keyList);
        examples.put("ApiKey", revoked);
        examples.put("TenantList", tenantList);
        examples.put("UsageReport", usage);
        examples.put("Error", missing);
        examples.put("Deleted", deleted);
        examples.forEach((schema, response) -> {
            assertTrue(response.status() < 300 || schema.equals("Error"), response::toString);
            assertMatches(document, document.path("components").path("schemas").path(schema.split(" ")[0]), response.json(), schema);
        });
    }

    /** A request schema's required field, left out, is refused with a 400 naming it; with only the required fields, the request succeeds. */
    @Test
    void everyRequiredRequestFieldIsEnforcedAndNoOtherIs() throws Exception {
        JsonNode document = YAML.readTree(server.as(null).get("/api/openapi.yaml").body());
        RawHttp admin = server.admin();
        String tenant = admin.post("/api/tenants", "{\"name\":\"required-fields\"}").json().path("id").asText();
        String key = admin.post("/api/tenants/" + tenant + "/keys", "{}").json().path("id").asText();
        Map<String, String[]> routes = Map.of(
                "CreateTenantRequest", new String[] {"POST", "/api/tenants"},
                "UpdateTenantRequest", new String[] {"PATCH", "/api/tenants/" + tenant},
                "CreateKeyRequest", new String[] {"POST", "/api/tenants/" + tenant + "/keys"},
                "RotateKeyRequest", new String[] {"POST", "/api/tenants/" + tenant + "/keys/" + key + "/rotate"});
        routes.forEach((name, route) -> {
            JsonNode schema = document.path("components").path("schemas").path(name);
            com.fasterxml.jackson.databind.node.ObjectNode minimal = YAML.createObjectNode();
            schema.path("required").forEach(field -> minimal.set(field.asText(), sample(schema.path("properties").path(field.asText()))));
            RawHttp.Response accepted = admin.send(route[0], route[1], minimal.toString());
            assertTrue(accepted.status() == 200 || accepted.status() == 201, name + " with only its required fields: " + accepted);
            schema.path("required").forEach(field -> {
                com.fasterxml.jackson.databind.node.ObjectNode without = minimal.deepCopy();
                without.remove(field.asText());
                RawHttp.Response refused = admin.send(route[0], route[1], without.toString());
                io.llmux.admin.testing.ErrorAssertions.assertError(refused, 400, field.asText());
            });
        });
    }

    private static JsonNode sample(JsonNode property) {
        if (property.has("example")) {
            return property.path("example");
        }
        return YAML.getNodeFactory().textNode("x");
    }

    /**
     * The value matches the schema's shape: an object has every required property and no
     * undeclared one, null only where the schema says nullable, and nested objects (through
     * $ref, allOf, arrays and maps) match theirs.
     */
    private static void assertMatches(JsonNode document, JsonNode schema, JsonNode value, String where) {
        JsonNode resolved = resolve(document, schema);
        if (value.isNull()) {
            assertTrue(schema.path("nullable").asBoolean() || resolved.path("nullable").asBoolean(), where + " is null but not nullable");
            return;
        }
        if (resolved.has("properties")) {
            assertTrue(value.isObject(), where + " is " + value);
            Set<String> declared = new TreeSet<>();
            resolved.path("properties").fieldNames().forEachRemaining(declared::add);
            Set<String> present = new TreeSet<>();
            value.fieldNames().forEachRemaining(present::add);
            assertTrue(declared.containsAll(present), where + " has undeclared fields: " + present + " vs " + declared);
            resolved.path("required").forEach(field -> assertTrue(value.has(field.asText()), where + " lacks required " + field.asText()));
            present.forEach(field -> assertMatches(document, resolved.path("properties").path(field), value.path(field), where + "." + field));
        } else if (resolved.has("items")) {
            assertTrue(value.isArray(), where + " is " + value);
            for (int i = 0; i < value.size(); i++) {
                assertMatches(document, resolved.path("items"), value.path(i), where + "[" + i + "]");
            }
        } else if (resolved.path("additionalProperties").isObject()) {
            assertTrue(value.isObject(), where + " is " + value);
            value.fieldNames().forEachRemaining(field ->
                    assertMatches(document, resolved.path("additionalProperties"), value.path(field), where + "." + field));
        }
    }

    /** Follows a $ref, or the one $ref of an allOf (how the generator marks a nullable reference). */
    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode target = schema;
        if (schema.has("allOf") && schema.path("allOf").size() == 1) {
            target = schema.path("allOf").path(0);
        }
        if (target.has("$ref")) {
            String name = target.path("$ref").asText().substring("#/components/schemas/".length());
            return document.path("components").path("schemas").path(name);
        }
        return target;
    }
}

package io.llmux.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.RawHttp;
import io.llmux.admin.testing.AdminServer;
import io.llmux.tenancy.CachePolicy;
import io.llmux.tenancy.KeyStore;
import io.llmux.tenancy.TenantStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The response-cache policy of tenants and keys: accepted, validated, stored, shown, inherited when absent. */
class CachePolicyApiTest {

    private static AdminServer server;
    private static RawHttp admin;

    @BeforeAll
    static void start() {
        server = AdminServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTenantsPolicyIsStoredShownChangedAndRemoved() {
        RawHttp.Response created = admin.post("/api/tenants", "{\"name\":\"cached\",\"settings\":{\"cache\":{\"enabled\":true,\"ttl_seconds\":600}}}");
        assertEquals(201, created.status(), created::toString);
        String id = created.json().path("id").asText();
        assertEquals(true, created.json().at("/settings/cache/enabled").asBoolean());
        assertEquals(600, created.json().at("/settings/cache/ttl_seconds").asInt());
        assertEquals(new CachePolicy(true, 600), server.context().getBean(TenantStore.class).get(id).orElseThrow().settings().cache());

        RawHttp.Response ttlOnly = admin.patch("/api/tenants/" + id, "{\"settings\":{\"cache\":{\"ttl_seconds\":60}}}");
        assertEquals(200, ttlOnly.status(), ttlOnly::toString);
        assertTrue(ttlOnly.json().at("/settings/cache/enabled").isNull(), "the whole policy is replaced: enabled now inherits");
        assertEquals(60, ttlOnly.json().at("/settings/cache/ttl_seconds").asInt());

        RawHttp.Response other = admin.patch("/api/tenants/" + id, "{\"settings\":{\"time_zone\":\"Europe/Paris\"}}");
        assertEquals(60, other.json().at("/settings/cache/ttl_seconds").asInt(), "other changes keep the policy");

        RawHttp.Response removed = admin.patch("/api/tenants/" + id, "{\"settings\":{\"cache\":null}}");
        assertEquals(200, removed.status(), removed::toString);
        assertTrue(removed.json().at("/settings/cache").isNull(), removed::toString);
    }

    @Test
    void aKeysOverrideIsStoredShownAndKeptByRotation() {
        String tenant = admin.post("/api/tenants", "{\"name\":\"keys-cache\"}").json().path("id").asText();
        RawHttp.Response key = admin.post("/api/tenants/" + tenant + "/keys", "{\"name\":\"k\",\"cache\":{\"enabled\":false}}");
        assertEquals(201, key.status(), key::toString);
        assertEquals(false, key.json().at("/cache/enabled").asBoolean(true));
        String keyId = key.json().path("id").asText();
        assertEquals(new CachePolicy(false, null),
                server.context().getBean(KeyStore.class).get(tenant, keyId).orElseThrow().cache());

        JsonNode listed = admin.get("/api/tenants/" + tenant + "/keys").json().path("data");
        assertEquals(false, listed.get(0).at("/cache/enabled").asBoolean(true), listed::toString);

        RawHttp.Response rotated = admin.post("/api/tenants/" + tenant + "/keys/" + keyId + "/rotate", "{}");
        assertEquals(201, rotated.status(), rotated::toString);
        assertEquals(false, rotated.json().at("/cache/enabled").asBoolean(true));

        RawHttp.Response plain = admin.post("/api/tenants/" + tenant + "/keys", "{\"name\":\"plain\"}");
        assertTrue(plain.json().path("cache").isNull(), plain::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "604801"})
    void anOutOfRangeTtlIsA400NamingTheField(String ttl) {
        RawHttp.Response tenant = admin.post("/api/tenants", "{\"name\":\"bad\",\"settings\":{\"cache\":{\"ttl_seconds\":" + ttl + "}}}");
        assertEquals(400, tenant.status(), tenant::toString);
        assertEquals("settings.cache.ttl_seconds", tenant.json().at("/error/param").asText());

        String id = admin.post("/api/tenants", "{\"name\":\"ok\"}").json().path("id").asText();
        RawHttp.Response key = admin.post("/api/tenants/" + id + "/keys", "{\"cache\":{\"ttl_seconds\":" + ttl + "}}");
        assertEquals(400, key.status(), key::toString);
        assertEquals("cache.ttl_seconds", key.json().at("/error/param").asText());
    }

    @Test
    void aMistypedPolicyIsA400NotA500() {
        RawHttp.Response response = admin.post("/api/tenants", "{\"name\":\"typo\",\"settings\":{\"cache\":{\"enabeld\":true}}}");
        assertEquals(400, response.status(), response::toString);
        RawHttp.Response wrongType = admin.post("/api/tenants", "{\"name\":\"typo\",\"settings\":{\"cache\":{\"enabled\":\"yes please\"}}}");
        assertEquals(400, wrongType.status(), wrongType::toString);
    }
}

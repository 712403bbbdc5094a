package io.llmux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.llmux.testing.RawHttp;
import io.llmux.server.testing.LocalGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Tenants and keys" flow against the local server: create a tenant and a key with
 * the admin API, call /v1/chat/completions with the key, revoke it, and be refused.
 */
class ReadmeFlowTest {

    private static LocalGateway gateway;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void createATenantAndAKeyCallChatRevokeAndBeRefused() {
        RawHttp admin = gateway.admin();
        RawHttp.Response tenant = admin.post("/api/tenants", "{\"name\":\"search-team\"}");
        assertEquals(201, tenant.status(), tenant::toString);
        String tenantId = tenant.json().path("id").asText();

        RawHttp.Response key = admin.post("/api/tenants/" + tenantId + "/keys", "{\"name\":\"ci\"}");
        assertEquals(201, key.status(), key::toString);
        String keyId = key.json().path("id").asText();
        String secret = key.json().path("secret").asText();

        RawHttp.Response answer = gateway.tenant(secret).chat("Hello");
        assertEquals(200, answer.status(), answer::toString);
        assertEquals("chat.completion", answer.json().path("object").asText());
        assertTrue(answer.json().path("choices").path(0).path("message").path("content").asText().contains("Hello"), answer::toString);

        assertEquals(200, admin.delete("/api/tenants/" + tenantId + "/keys/" + keyId).status());

        RawHttp.Response refused = gateway.tenant(secret).chat("Hello again");
        assertEquals(401, refused.status(), refused::toString);
        assertEquals("api_key_revoked", refused.json().path("error").path("code").asText(), refused::toString);
    }

    @Test
    void theDevelopmentTenantIsSeededAndItsKeyWorks() {
        assertEquals(200, gateway.tenant(LocalGateway.DEV_KEY).chat("Hi").status());
        JsonNode tenant = gateway.admin().get("/api/tenants/ten_development").json();
        assertEquals("development", tenant.path("name").asText(), tenant::toString);
    }

    @Test
    void theLocalServerServesTheAdminApisOpenApiDocument() throws Exception {
        RawHttp.Response document = gateway.as(null).get("/api/openapi.yaml");
        assertEquals(200, document.status(), document::toString);
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(document.body());
        assertEquals("LLMux admin API", yaml.path("info").path("title").asText());
        assertTrue(yaml.path("paths").has("/api/tenants/{tenantId}/keys/{keyId}/rotate"), yaml.path("paths")::toString);
    }

    @Test
    void frameworkErrorsOnBothApisHaveOpenAisShape() {
        for (String path : new String[] {"/api/nowhere", "/v1/nowhere"}) {
            RawHttp.Response response = gateway.admin().get(path);
            assertEquals(404, response.status(), response::toString);
            assertTrue(response.json().path("error").path("message").asText().contains("nowhere"), response::toString);
        }
    }
}

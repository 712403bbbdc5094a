package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.RawHttp;
import io.llmux.tenancy.IssuedKey;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.TenantStatus;
import io.llmux.testing.OpenApiContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may call the inference routes, and what they are told when they may not. */
class AuthenticationTest {

    private static final String CHAT = "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static GatewayServer gateway;
    private static TenantAdmin admin;

    @BeforeAll
    static void start() {
        gateway = GatewayServer.start();
        admin = gateway.context().getBean(TenantAdmin.class);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static RawHttp as(String key) {
        return new RawHttp(gateway.uri(), key == null ? null : "Bearer " + key);
    }

    private static IssuedKey newKey(TenantSettings settings, List<String> keyModels, Instant expiresAt) {
        Tenant tenant = admin.createTenant("auth-test", settings, Map.of());
        return admin.createKey(tenant.id(), "k", Set.of(), keyModels, Limits.NONE, Budgets.NONE, expiresAt);
    }

    private static JsonNode refused(RawHttp.Response response, int status, String code) {
        assertEquals(status, response.status(), response.body());
        JsonNode body = response.json();
        OpenApiContract.assertValid("ErrorResponse", body);
        assertEquals(code, body.at("/error/code").asText(), response.body());
        return body;
    }

    @Test
    void aMissingKeyIs401OnEveryInferenceRoute() {
        refused(as(null).post("/v1/chat/completions", CHAT), 401, "missing_api_key");
        refused(as(null).post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"x\"}"), 401, "missing_api_key");
        refused(as(null).get("/v1/models"), 401, "missing_api_key");
        refused(as(null).get("/v1/models/mock-chat"), 401, "missing_api_key");
    }

    @Test
    void withoutAKeyOfLLMuxsFormTheAnswerIs401WhateverIsWrongWithTheBody() {
        for (String path : List.of("/v1/chat/completions", "/v1/embeddings")) {
            refused(as(null).post(path, "{not json"), 401, "missing_api_key");
            refused(as(null).post(path, "{\"model\":7}"), 401, "missing_api_key");
            refused(as("sk-openai-style-key").post(path, "{\"model\":7}"), 401, "invalid_api_key");
        }
        for (String path : List.of("/v1/messages", "/v1/messages/count_tokens")) {
            for (RawHttp caller : List.of(as(null), as(null).with("x-api-key", "sk-ant-style-key"))) {
                RawHttp.Response response = caller.post(path, "{\"model\":7}");
                assertEquals(401, response.status(), response.body());
                assertEquals("authentication_error", response.json().at("/error/type").asText(), response.body());
            }
        }
        // A key of the right form is looked up only once the request is known to be valid.
        refused(as("llmux-sk-well-formed-but-unknown-0123456789").post("/v1/chat/completions", "{\"model\":7}"), 400, "invalid_value");
    }

    @Test
    void anUnknownOrMalformedKeyIs401AndNeverEchoed() {
        String guess = "llmux-sk-this-key-does-not-exist-0123456789";
        JsonNode body = refused(as(guess).post("/v1/chat/completions", CHAT), 401, "invalid_api_key");
        assertFalse(body.toString().contains(guess));
        refused(as("sk-openai-style-key").post("/v1/chat/completions", CHAT), 401, "invalid_api_key");
        RawHttp.Response basic = new RawHttp(gateway.uri(), "Basic dXNlcjpwYXNz").post("/v1/chat/completions", CHAT);
        refused(basic, 401, "missing_api_key");
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceOnTheInstanceThatRevokedIt() {
        IssuedKey issued = newKey(TenantSettings.DEFAULTS, List.of(), null);
        assertEquals(200, as(issued.secret()).post("/v1/chat/completions", CHAT).status());
        admin.revokeKey(issued.key().tenantId(), issued.key().id());
        refused(as(issued.secret()).post("/v1/chat/completions", CHAT), 401, "api_key_revoked");
    }

    @Test
    void anExpiredKeyIsRefusedEvenWhileCached() throws Exception {
        IssuedKey issued = newKey(TenantSettings.DEFAULTS, List.of(), Instant.now().plusMillis(600));
        assertEquals(200, as(issued.secret()).post("/v1/chat/completions", CHAT).status());
        Thread.sleep(700);
        refused(as(issued.secret()).post("/v1/chat/completions", CHAT), 401, "api_key_expired");
    }

    @Test
    void aRotatedKeysPredecessorWorksUntilItsGraceEnds() {
        IssuedKey old = newKey(TenantSettings.DEFAULTS, List.of(), null);
        IssuedKey fresh = admin.rotateKey(old.key().tenantId(), old.key().id(), Duration.ofMinutes(5));
        assertEquals(200, as(fresh.secret()).post("/v1/chat/completions", CHAT).status());
        assertEquals(200, as(old.secret()).post("/v1/chat/completions", CHAT).status());
        IssuedKey other = newKey(TenantSettings.DEFAULTS, List.of(), null);
        admin.rotateKey(other.key().tenantId(), other.key().id(), Duration.ZERO);
        refused(as(other.secret()).post("/v1/chat/completions", CHAT), 401, "api_key_expired");
    }

    @Test
    void aSuspendedTenantsKeysAre403() {
        // Not used before the suspension, so no instance has it cached (a cached key would be
        // refused once its entry expires: llmux.auth.cache-ttl, 30 s at most).
        IssuedKey issued = newKey(TenantSettings.DEFAULTS, List.of(), null);
        admin.updateTenant(issued.key().tenantId(), null, TenantStatus.SUSPENDED, null, null);
        refused(as(issued.secret()).post("/v1/chat/completions", CHAT), 403, "tenant_suspended");
    }

    @Test
    void aModelTheKeyMayNotUseIs403NamingTheModel() {
        IssuedKey embedOnly = newKey(TenantSettings.DEFAULTS, List.of("mock-embedding"), null);
        JsonNode body = refused(as(embedOnly.secret()).post("/v1/chat/completions", CHAT), 403, "model_not_allowed");
        assertTrue(body.at("/error/message").asText().contains("'mock-chat'"));
        assertEquals("model", body.at("/error/param").asText());
        assertEquals(200, as(embedOnly.secret()).post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"x\"}").status());

        TenantSettings tenantLimited = new TenantSettings(List.of("mock-emb*"), null, Limits.NONE, Budgets.NONE, "UTC");
        IssuedKey limitedByTenant = newKey(tenantLimited, List.of(), null);
        refused(as(limitedByTenant.secret()).post("/v1/chat/completions", CHAT), 403, "model_not_allowed");
    }

    @Test
    void theModelListShowsOnlyWhatTheKeyMayUse() {
        IssuedKey embedOnly = newKey(TenantSettings.DEFAULTS, List.of("mock-embedding"), null);
        RawHttp.Response list = as(embedOnly.secret()).get("/v1/models");
        assertEquals(200, list.status());
        OpenApiContract.assertValid("ListModelsResponse", list.json());
        JsonNode data = list.json().get("data");
        assertEquals(1, data.size());
        assertEquals("mock-embedding", data.get(0).get("id").asText());
        assertEquals(404, as(embedOnly.secret()).get("/v1/models/mock-chat").status());
    }
}

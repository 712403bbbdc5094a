package io.llmux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.RawHttp;
import io.llmux.server.testing.LocalGateway;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every admin and inference route, called with a credential of another tenant, is refused and
 * shows nothing of that tenant; and nothing it tried changed that tenant.
 */
class TenantIsolationTest {

    private static LocalGateway gateway;
    /** Tenant A, the caller: may use no model this gateway serves. */
    private static Tenant a;
    /** Tenant B, the target: may use the mock models. */
    private static Tenant b;

    private record Tenant(String id, String name, String marker, String keyId, String secret, String prefix) {

        List<String> traces() {
            return List.of(id, name, marker, keyId, secret, prefix);
        }
    }

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start();
        a = tenant("tenant-a-caller", "marker-a-7f3", "openai/gpt-4o");
        b = tenant("tenant-b-target", "marker-b-9c1", "mock-*");
    }

    private static Tenant tenant(String name, String marker, String model) {
        RawHttp admin = gateway.admin();
        JsonNode tenant = admin.post("/api/tenants", "{\"name\":\"" + name + "\",\"metadata\":{\"marker\":\"" + marker + "\"},"
                + "\"settings\":{\"allowed_models\":[\"" + model + "\"]}}").json();
        JsonNode key = admin.post("/api/tenants/" + tenant.path("id").asText() + "/keys", "{\"name\":\"" + marker + "-key\"}").json();
        return new Tenant(tenant.path("id").asText(), name, marker, key.path("id").asText(), key.path("secret").asText(), key.path("prefix").asText());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** Every admin route, aimed at tenant B. */
    static Stream<Arguments> adminRoutes() {
        return Stream.of(
                Arguments.of("POST", "/api/tenants", "{\"name\":\"intruder\"}"),
                Arguments.of("GET", "/api/tenants", null),
                Arguments.of("GET", "/api/tenants/{b}", null),
                Arguments.of("PATCH", "/api/tenants/{b}", "{\"status\":\"suspended\"}"),
                Arguments.of("DELETE", "/api/tenants/{b}", null),
                Arguments.of("POST", "/api/tenants/{b}/keys", "{}"),
                Arguments.of("GET", "/api/tenants/{b}/keys", null),
                Arguments.of("DELETE", "/api/tenants/{b}/keys/{bKey}", null),
                Arguments.of("POST", "/api/tenants/{b}/keys/{bKey}/rotate", "{}"),
                Arguments.of("GET", "/api/tenants/{b}/usage", null));
    }

    @ParameterizedTest(name = "A's key on {0} {1}")
    @MethodSource("adminRoutes")
    void anotherTenantsKeyIsRefusedOnEveryAdminRoute(String method, String path, String body) {
        RawHttp.Response response = gateway.tenant(a.secret()).send(method, path.replace("{b}", b.id()).replace("{bKey}", b.keyId()), body);
        assertEquals(401, response.status(), response::toString);
        assertEquals("tenant_key_not_accepted", response.json().path("error").path("code").asText(), response::toString);
        assertNothingOf(b, response);
        assertUntouched(b);
    }

    @ParameterizedTest(name = "B's own key on {0} {1}")
    @MethodSource("adminRoutes")
    void evenTheTenantsOwnKeyIsRefusedOnEveryAdminRoute(String method, String path, String body) {
        RawHttp.Response response = gateway.tenant(b.secret()).send(method, path.replace("{b}", b.id()).replace("{bKey}", b.keyId()), body);
        assertEquals(401, response.status(), response::toString);
        assertNothingOf(b, response);
        assertUntouched(b);
    }

    /** Every inference route, with A's key, reaching for what only B may use. */
    static Stream<Arguments> inferenceRoutes() {
        return Stream.of(
                Arguments.of("POST", "/v1/chat/completions", "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 403),
                Arguments.of("POST", "/v1/chat/completions", "{\"model\":\"mock-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 403),
                Arguments.of("POST", "/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"hi\"}", 403),
                Arguments.of("GET", "/v1/models/mock-chat", null, 404),
                Arguments.of("POST", "/v1/messages", MESSAGES, 403),
                Arguments.of("POST", "/v1/messages", MESSAGES.replace("{", "{\"stream\":true,"), 403),
                Arguments.of("POST", "/v1/messages/count_tokens", "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 403));
    }

    private static final String MESSAGES = "{\"model\":\"mock-chat\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    /** Anthropic's clients send the key as x-api-key: the same refusal, nothing of B. */
    @ParameterizedTest(name = "A's key as x-api-key on {0} {1}")
    @MethodSource("anthropicRoutes")
    void anotherTenantsKeySentAsXApiKeyCannotUseWhatOnlyThatTenantMay(String path, String body) {
        RawHttp.Response response = gateway.as(null).with("x-api-key", a.secret()).with("anthropic-version", "2023-06-01").post(path, body);
        assertEquals(403, response.status(), response::toString);
        assertNothingOf(b, response);
        RawHttp.Response own = gateway.as(null).with("x-api-key", b.secret()).with("anthropic-version", "2023-06-01").post(path, body);
        assertEquals(200, own.status(), () -> "B itself may: " + own);
        assertNothingOf(a, own);
    }

    static Stream<Arguments> anthropicRoutes() {
        return Stream.of(Arguments.of("/v1/messages", MESSAGES),
                Arguments.of("/v1/messages/count_tokens", "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }

    @ParameterizedTest(name = "A's key on {0} {1} {2}")
    @MethodSource("inferenceRoutes")
    void anotherTenantsKeyCannotUseWhatOnlyThatTenantMay(String method, String path, String body, int status) {
        RawHttp.Response response = gateway.tenant(a.secret()).send(method, path, body);
        assertEquals(status, response.status(), response::toString);
        assertNothingOf(b, response);
        RawHttp.Response own = gateway.tenant(b.secret()).send(method, path, body);
        assertEquals(200, own.status(), () -> "B itself may: " + own);
        assertNothingOf(a, own);
    }

    @Test
    void theModelListShowsOnlyTheCallersModelsAndNothingOfTheOtherTenant() {
        RawHttp.Response listA = gateway.tenant(a.secret()).get("/v1/models");
        assertEquals(200, listA.status(), listA::toString);
        assertEquals(List.of(), listA.json().path("data").findValuesAsText("id"));
        assertNothingOf(b, listA);
        RawHttp.Response listB = gateway.tenant(b.secret()).get("/v1/models");
        assertEquals(List.of("mock-chat", "mock-embedding"), listB.json().path("data").findValuesAsText("id").stream().sorted().toList());
        assertNothingOf(a, listB);
    }

    @Test
    void answersCarryNothingOfAnotherTenant() {
        RawHttp.Response answer = gateway.tenant(b.secret()).chat("hello");
        assertEquals(200, answer.status(), answer::toString);
        assertNothingOf(a, answer);
        RawHttp.Response refused = gateway.tenant(a.secret()).chat("hello");
        assertEquals(403, refused.status(), refused::toString);
        assertNothingOf(b, refused);
    }

    @Test
    void suspendingOneTenantLeavesTheOtherServed() {
        Tenant c = tenant("tenant-c-suspended", "marker-c-2d8", "mock-chat");
        Tenant d = tenant("tenant-d-bystander", "marker-d-5e4", "mock-chat");
        assertEquals(200, gateway.admin().patch("/api/tenants/" + c.id(), "{\"status\":\"suspended\"}").status());
        RawHttp.Response refused = gateway.tenant(c.secret()).chat("hi");
        assertEquals(403, refused.status(), refused::toString);
        assertNothingOf(d, refused);
        assertEquals(200, gateway.tenant(d.secret()).chat("hi").status());
        assertEquals(200, gateway.admin().delete("/api/tenants/" + c.id() + "/keys/" + c.keyId()).status());
        assertEquals(200, gateway.tenant(d.secret()).chat("hi").status(), "revoking C's key leaves D's working");
    }

    private static void assertNothingOf(Tenant tenant, RawHttp.Response response) {
        String seen = response.body() + " " + response.headers().map();
        for (String trace : tenant.traces()) {
            assertFalse(seen.contains(trace), () -> "the answer shows " + trace + ": " + response);
        }
    }

    private static void assertUntouched(Tenant tenant) {
        RawHttp admin = gateway.admin();
        JsonNode stored = admin.get("/api/tenants/" + tenant.id()).json();
        assertEquals("active", stored.path("status").asText(), stored::toString);
        assertEquals(1, stored.path("version").asLong(), stored::toString);
        JsonNode keys = admin.get("/api/tenants/" + tenant.id() + "/keys").json().path("data");
        assertEquals(1, keys.size(), keys::toString);
        assertEquals("active", keys.path(0).path("status").asText(), keys::toString);
        assertFalse(admin.get("/api/tenants?limit=100").json().path("data").findValuesAsText("name").contains("intruder"), "no tenant was created");
        assertEquals(200, gateway.tenant(tenant.secret()).chat("still here?").status(), "its key still works");
    }
}

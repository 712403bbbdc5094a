package io.llmux.admin;

import static io.llmux.admin.testing.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.RawHttp;
import io.llmux.admin.testing.AdminServer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin API admits its own token only: never a tenant key, never nothing. */
class AdminAuthenticationTest {

    private static AdminServer server;
    private static String tenant;
    private static String key;
    private static String tenantSecret;

    @BeforeAll
    static void start() {
        server = AdminServer.start();
        tenant = server.admin().post("/api/tenants", "{\"name\":\"victim\"}").json().path("id").asText();
        JsonNode issued = server.admin().post("/api/tenants/" + tenant + "/keys", "{}").json();
        key = issued.path("id").asText();
        tenantSecret = issued.path("secret").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every admin route, with a body where it takes one. */
    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("POST", "/api/tenants", "{\"name\":\"intruder\"}"),
                Arguments.of("GET", "/api/tenants", null),
                Arguments.of("GET", "/api/tenants/{tenant}", null),
                Arguments.of("PATCH", "/api/tenants/{tenant}", "{\"status\":\"suspended\"}"),
                Arguments.of("DELETE", "/api/tenants/{tenant}", null),
                Arguments.of("POST", "/api/tenants/{tenant}/keys", "{}"),
                Arguments.of("GET", "/api/tenants/{tenant}/keys", null),
                Arguments.of("DELETE", "/api/tenants/{tenant}/keys/{key}", null),
                Arguments.of("POST", "/api/tenants/{tenant}/keys/{key}/rotate", "{}"),
                Arguments.of("GET", "/api/nowhere", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void aTenantKeyIsRefusedOnEveryRoute(String method, String path, String body) {
        RawHttp.Response response = call(server.as("Bearer " + tenantSecret), method, path, body);
        JsonNode error = assertError(response, 401, null);
        assertEquals("tenant_key_not_accepted", error.path("code").asText());
        assertNothingOfTheTenantIn(response);
        assertNothingChanged();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void noTokenOrAWrongOneIsRefusedOnEveryRoute(String method, String path, String body) {
        for (String authorization : new String[] {null, "Bearer ", "Bearer wrong-token", "Basic " + AdminServer.TOKEN,
            AdminServer.TOKEN, "Bearer " + AdminServer.TOKEN + "x", "Bearer " + AdminServer.TOKEN.substring(1)}) {
            RawHttp.Response response = call(server.as(authorization), method, path, body);
            assertError(response, 401, null);
            assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"), response::toString);
            assertNothingOfTheTenantIn(response);
        }
        assertNothingChanged();
    }

    @Test
    void theTokenIsAcceptedWhateverTheCaseOfBearer() {
        assertEquals(200, server.as("bearer " + AdminServer.TOKEN).get("/api/tenants").status());
        assertEquals(200, server.as("Bearer   " + AdminServer.TOKEN + " ").get("/api/tenants").status());
    }

    @Test
    void withoutAConfiguredTokenTheAdminApiIsClosedAndSaysHowToOpenIt() {
        for (String configured : new String[] {"", "   "}) {
            try (AdminServer closed = AdminServer.start(Map.of("llmux.admin-token", configured))) {
                for (String authorization : new String[] {null, "Bearer ", "Bearer anything", "Bearer " + AdminServer.TOKEN}) {
                    JsonNode error = assertError(closed.as(authorization).get("/api/tenants"), 401, null);
                    assertEquals("admin_api_disabled", error.path("code").asText());
                    assertTrue(error.path("message").asText().contains("LLMUX_ADMIN_TOKEN"), error::toString);
                }
                assertEquals(401, closed.as("Bearer x").post("/api/tenants", "{\"name\":\"x\"}").status());
            }
        }
    }

    @Test
    void aTokenThatLooksLikeATenantKeyIsRefusedAtStartup() {
        Exception failure = assertThrows(Exception.class, () -> AdminServer.start(Map.of("llmux.admin-token", "llmux-sk-not-an-admin-token")).close());
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("LLMUX_ADMIN_TOKEN"), root.getMessage());
    }

    private static RawHttp.Response call(RawHttp client, String method, String path, String body) {
        String resolved = path.replace("{tenant}", tenant).replace("{key}", key);
        return client.send(method, resolved, body == null ? null : "application/json", body);
    }

    private static void assertNothingOfTheTenantIn(RawHttp.Response response) {
        for (String secret : new String[] {tenant, key, tenantSecret, "victim"}) {
            assertFalse(response.body().contains(secret), () -> "the body shows " + secret + ": " + response);
        }
    }

    private static void assertNothingChanged() {
        RawHttp admin = server.admin();
        JsonNode tenants = admin.get("/api/tenants").json().path("data");
        assertEquals(1, tenants.size(), tenants::toString);
        assertEquals("active", tenants.path(0).path("status").asText());
        JsonNode keys = admin.get("/api/tenants/" + tenant + "/keys").json().path("data");
        assertEquals(1, keys.size(), keys::toString);
        assertEquals("active", keys.path(0).path("status").asText());
    }
}

package io.llmux.admin;

import static io.llmux.admin.testing.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.RawHttp;
import io.llmux.admin.testing.AdminServer;
import io.llmux.admin.testing.RecordedEvents;
import io.llmux.error.GatewayException;
import io.llmux.tenancy.Authenticator;
import io.llmux.tenancy.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeysApiTest {

    private static AdminServer server;
    private static RawHttp admin;
    private static Authenticator authenticator;
    private static RecordedEvents events;
    private String tenant;

    @BeforeAll
    static void start() {
        server = AdminServer.start();
        admin = server.admin();
        authenticator = server.context().getBean(Authenticator.class);
        events = server.context().getBean(RecordedEvents.class);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void newTenant() {
        tenant = admin.post("/api/tenants", "{\"name\":\"keys\"}").json().path("id").asText();
    }

    @Test
    void aKeyIsCreatedWithItsSecretOnceListedWithoutItAndWorks() {
        RawHttp.Response created = admin.post(keys(), "{\"name\":\"ci\",\"allowed_models\":[\"mock-chat\"],"
                + "\"limits\":{\"requests_per_minute\":10},\"budgets\":{\"period\":\"daily\",\"tokens\":1000}}");
        assertEquals(201, created.status(), created::toString);
        JsonNode key = created.json();
        String secret = key.path("secret").asText();
        assertTrue(secret.startsWith("llmux-sk-") && secret.length() > 40, secret);
        assertTrue(secret.startsWith(key.path("prefix").asText()), key::toString);
        assertEquals(tenant, key.path("tenant_id").asText());
        assertEquals("active", key.path("status").asText());
        assertEquals("[\"inference\"]", key.path("scopes").toString());
        assertEquals("daily", key.path("budgets").path("period").asText());
        assertTrue(key.path("rotated_from").isNull());
        assertFalse(created.body().contains("hash"), created::toString);
        assertTrue(events.has("key_created", tenant), () -> events.all().toString());

        Principal principal = authenticator.authenticate(secret).join();
        assertEquals(tenant, principal.tenantId());

        RawHttp.Response listed = admin.get(keys());
        assertEquals(200, listed.status(), listed::toString);
        JsonNode entry = listed.json().path("data").path(0);
        assertEquals(key.path("id"), entry.path("id"));
        assertEquals("ci", entry.path("name").asText());
        assertEquals("mock-chat", entry.path("allowed_models").path(0).asText());
        assertEquals(10, entry.path("limits").path("requests_per_minute").asInt());
        assertTrue(entry.has("last_used_at") && entry.has("expires_at") && entry.has("created_at"), entry::toString);
        assertFalse(entry.has("secret") || entry.has("hash"), entry::toString);
        assertFalse(listed.body().contains(secret.substring(key.path("prefix").asText().length())), "the secret's body never shows again");
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        JsonNode key = admin.post(keys(), "{}").json();
        String secret = key.path("secret").asText();
        authenticator.authenticate(secret).join();

        RawHttp.Response revoked = admin.delete(keys() + "/" + key.path("id").asText());
        assertEquals(200, revoked.status(), revoked::toString);
        assertEquals("revoked", revoked.json().path("status").asText());
        assertFalse(revoked.body().contains(secret), revoked::toString);
        assertEquals(401, refusal(secret).status());
        assertTrue(events.has("key_revoked", tenant), () -> events.all().toString());
        assertEquals(200, admin.delete(keys() + "/" + key.path("id").asText()).status(), "revoking twice changes nothing");
        assertEquals("revoked", admin.get(keys()).json().path("data").path(0).path("status").asText());
    }

    @Test
    void rotationIssuesANewKeyAndTheOldOneWorksForTheGracePeriod() {
        JsonNode old = admin.post(keys(), "{\"name\":\"svc\",\"allowed_models\":[\"mock-*\"]}").json();
        Instant before = Instant.now();
        RawHttp.Response rotated = admin.post(keys() + "/" + old.path("id").asText() + "/rotate", "{\"grace_period_seconds\":3600}");
        assertEquals(201, rotated.status(), rotated::toString);
        JsonNode fresh = rotated.json();
        assertNotEquals(old.path("id"), fresh.path("id"));
        assertNotEquals(old.path("secret"), fresh.path("secret"));
        assertEquals("svc", fresh.path("name").asText());
        assertEquals("mock-*", fresh.path("allowed_models").path(0).asText());
        assertEquals(old.path("id"), fresh.path("rotated_from").path("id"));
        Instant graceEnd = Instant.parse(fresh.path("rotated_from").path("expires_at").asText());
        assertTrue(!graceEnd.isBefore(before.plus(Duration.ofMinutes(59))) && graceEnd.isBefore(Instant.now().plus(Duration.ofMinutes(61))), graceEnd::toString);

        authenticator.authenticate(old.path("secret").asText()).join();
        authenticator.authenticate(fresh.path("secret").asText()).join();

        JsonNode noGrace = admin.post(keys() + "/" + fresh.path("id").asText() + "/rotate", "{\"grace_period_seconds\":0}").json();
        assertEquals(401, refusal(fresh.path("secret").asText()).status(), "with no grace the old key ends at once");
        authenticator.authenticate(noGrace.path("secret").asText()).join();
        JsonNode listing = admin.get(keys() + "?limit=100").json();
        listing.path("data").forEach(k -> {
            if (k.path("id").equals(fresh.path("id"))) {
                assertEquals("expired", k.path("status").asText(), k::toString);
            }
        });

        JsonNode defaulted = admin.post(keys() + "/" + noGrace.path("id").asText() + "/rotate", null).json();
        Instant defaultEnd = Instant.parse(defaulted.path("rotated_from").path("expires_at").asText());
        assertTrue(defaultEnd.isAfter(Instant.now().plus(Duration.ofHours(23))), "a rotation without a body gives 24 hours: " + defaultEnd);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"grace_period_seconds\":-1}|grace_period_seconds",
        "{\"grace_period_seconds\":604801}|grace_period_seconds",
        "{\"grace_period_seconds\":\"1h\"}|grace_period_seconds",
        "{\"grace\":60}|grace",
    })
    void badRotationBodiesAre400s(String body, String param) {
        String id = admin.post(keys(), "{}").json().path("id").asText();
        assertError(admin.post(keys() + "/" + id + "/rotate", body), 400, param);
        assertEquals(1, admin.get(keys()).json().path("data").size(), "a refused rotation issues no key");
    }

    @Test
    void aRevokedKeyCannotBeRotated() {
        String id = admin.post(keys(), "{}").json().path("id").asText();
        admin.delete(keys() + "/" + id);
        assertError(admin.post(keys() + "/" + id + "/rotate", null), 400, null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"name\":\"\"}|name",
        "{\"name\":7}|name",
        "{\"scopes\":[\"admin\"]}|scopes[0]",
        "{\"scopes\":\"inference\"}|scopes",
        "{\"allowed_models\":[null]}|allowed_models[0]",
        "{\"limits\":{\"max_in_flight\":0}}|limits.max_in_flight",
        "{\"limits\":{\"max_in_flight\":99999999999}}|limits.max_in_flight",
        "{\"budgets\":{\"tokens\":-1}}|budgets.tokens",
        "{\"expires_at\":\"tomorrow\"}|expires_at",
        "{\"expires_at\":\"2001-01-01T00:00:00Z\"}|expires_at",
        "{\"expires_at\":1893456000}|expires_at",
        "{\"secret\":\"llmux-sk-chosen\"}|secret",
    })
    void badKeyBodiesAre400sNamingTheField(String body, String param) {
        assertError(admin.post(keys(), body), 400, param);
        assertEquals(0, admin.get(keys()).json().path("data").size(), "a refused creation issues no key");
    }

    @Test
    void anExpiryInTheFutureIsKept() {
        String at = Instant.now().plus(Duration.ofDays(30)).toString();
        JsonNode key = admin.post(keys(), "{\"expires_at\":\"" + at + "\"}").json();
        assertEquals(Instant.parse(at), Instant.parse(key.path("expires_at").asText()));
    }

    @Test
    void unknownTenantsAndKeysAre404s() {
        assertError(admin.post("/api/tenants/ten_missing/keys", "{}"), 404, null);
        assertError(admin.get("/api/tenants/ten_missing/keys"), 404, null);
        assertError(admin.delete(keys() + "/key_missing"), 404, null);
        assertError(admin.post(keys() + "/key_missing/rotate", null), 404, null);
        assertError(admin.delete(keys() + "/not-a-key"), 404, null);
        String other = admin.post("/api/tenants", "{\"name\":\"other\"}").json().path("id").asText();
        String othersKey = admin.post("/api/tenants/" + other + "/keys", "{}").json().path("id").asText();
        assertError(admin.delete(keys() + "/" + othersKey), 404, null);
        assertEquals("active", admin.get("/api/tenants/" + other + "/keys").json().path("data").path(0).path("status").asText(),
                "a key is reached only through its own tenant");
    }

    @Test
    void keyListsArePaginated() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(admin.post(keys(), "{}").json().path("id").asText());
        }
        JsonNode first = admin.get(keys() + "?limit=2").json();
        assertEquals(2, first.path("data").size());
        Set<String> seen = new HashSet<>();
        String token = first.path("next_page_token").asText();
        first.path("data").forEach(k -> seen.add(k.path("id").asText()));
        while (token != null) {
            JsonNode page = admin.get(keys() + "?limit=2&page_token=" + token).json();
            page.path("data").forEach(k -> assertTrue(seen.add(k.path("id").asText())));
            token = page.path("next_page_token").isNull() ? null : page.path("next_page_token").asText();
        }
        assertEquals(created, seen);
        assertError(admin.get(keys() + "?limit=1000"), 400, "limit");
        assertNull(admin.get(keys() + "?limit=100").json().path("next_page_token").textValue());
    }

    private String keys() {
        return "/api/tenants/" + tenant + "/keys";
    }

    private static GatewayException refusal(String secret) {
        try {
            authenticator.authenticate(secret).join();
        } catch (CompletionException e) {
            return (GatewayException) e.getCause();
        }
        throw new AssertionError("the key was accepted");
    }
}

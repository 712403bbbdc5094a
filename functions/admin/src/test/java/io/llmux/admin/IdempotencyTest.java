package io.llmux.admin;

import static io.llmux.admin.testing.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.RawHttp;
import io.llmux.admin.testing.AdminServer;
import io.llmux.tenancy.Authenticator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Creations retried with an Idempotency-Key give one resource and the same answer. */
class IdempotencyTest {

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
    void aRetriedTenantCreationReplaysTheFirstAnswer() {
        RawHttp client = admin.with("Idempotency-Key", UUID.randomUUID().toString());
        RawHttp.Response first = client.post("/api/tenants", "{\"name\":\"once\"}");
        RawHttp.Response retry = client.post("/api/tenants", "{\"name\":\"once\"}");
        assertEquals(201, first.status(), first::toString);
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals(201, retry.status(), retry::toString);
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(first.body(), retry.body());
        assertEquals(1, count("once"));
    }

    @Test
    void theSameKeyWithAnotherBodyIsA409() {
        RawHttp client = admin.with("Idempotency-Key", "reused-" + UUID.randomUUID());
        assertEquals(201, client.post("/api/tenants", "{\"name\":\"first-body\"}").status());
        JsonNode error = assertError(client.post("/api/tenants", "{\"name\":\"second-body\"}"), 409, "Idempotency-Key");
        assertEquals("idempotency_key_reused", error.path("code").asText());
        assertEquals(0, count("second-body"));
    }

    @Test
    void aRetriedKeyCreationAndRotationGiveOneKeyEach() {
        String tenant = admin.post("/api/tenants", "{\"name\":\"idem-keys\"}").json().path("id").asText();
        String keys = "/api/tenants/" + tenant + "/keys";
        RawHttp client = admin.with("Idempotency-Key", UUID.randomUUID().toString());
        JsonNode first = client.post(keys, "{\"name\":\"k\"}").json();
        RawHttp.Response retry = client.post(keys, "{\"name\":\"k\"}");
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(first.path("secret"), retry.json().path("secret"), "the retry gets the key it would otherwise have lost");
        assertEquals(1, admin.get(keys).json().path("data").size());

        String rotate = keys + "/" + first.path("id").asText() + "/rotate";
        RawHttp rotation = admin.with("Idempotency-Key", UUID.randomUUID().toString());
        JsonNode rotated = rotation.post(rotate, null).json();
        RawHttp.Response again = rotation.post(rotate, null);
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(rotated.path("id"), again.json().path("id"));
        assertEquals(2, admin.get(keys).json().path("data").size());
    }

    @Test
    void keysAreScopedToTheRoute() {
        String key = UUID.randomUUID().toString();
        String a = admin.post("/api/tenants", "{\"name\":\"scope-a\"}").json().path("id").asText();
        String b = admin.post("/api/tenants", "{\"name\":\"scope-b\"}").json().path("id").asText();
        JsonNode forA = admin.with("Idempotency-Key", key).post("/api/tenants/" + a + "/keys", "{}").json();
        JsonNode forB = admin.with("Idempotency-Key", key).post("/api/tenants/" + b + "/keys", "{}").json();
        assertEquals(a, forA.path("tenant_id").asText());
        assertEquals(b, forB.path("tenant_id").asText());
        assertNotEquals(forA.path("id"), forB.path("id"));
    }

    @Test
    void aFailedCreationIsNotRemembered() {
        RawHttp client = admin.with("Idempotency-Key", UUID.randomUUID().toString());
        assertError(client.post("/api/tenants", "{\"name\":\"\"}"), 400, "name");
        assertEquals(404, client.post("/api/tenants/ten_missing/keys", "{}").status());
        assertEquals(201, client.post("/api/tenants", "{\"name\":\"fixed\"}").status());
    }

    @Test
    void malformedKeysAre400s() {
        assertError(admin.with("Idempotency-Key", "x".repeat(256)).post("/api/tenants", "{\"name\":\"x\"}"), 400, "Idempotency-Key");
        assertError(admin.with("Idempotency-Key", "has space").post("/api/tenants", "{\"name\":\"x\"}"), 400, "Idempotency-Key");
        assertEquals(0, count("x"));
    }

    @Test
    void concurrentRequestsWithOneKeyLeaveOneActiveKeyAndAllGetIt() throws Exception {
        String tenant = admin.post("/api/tenants", "{\"name\":\"race\"}").json().path("id").asText();
        String keys = "/api/tenants/" + tenant + "/keys";
        RawHttp client = admin.with("Idempotency-Key", UUID.randomUUID().toString());
        List<Future<RawHttp.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> client.post(keys, "{\"name\":\"raced\"}")));
            }
        }
        Set<String> secrets = new HashSet<>();
        for (Future<RawHttp.Response> answer : answers) {
            assertEquals(201, answer.get().status(), answer.get()::toString);
            secrets.add(answer.get().json().path("secret").asText());
        }
        assertEquals(1, secrets.size(), secrets::toString);
        Authenticator authenticator = server.context().getBean(Authenticator.class);
        assertEquals(tenant, authenticator.authenticate(secrets.iterator().next()).join().tenantId());
        JsonNode listed = admin.get(keys + "?limit=100").json().path("data");
        long active = 0;
        for (JsonNode k : listed) {
            active += k.path("status").asText().equals("active") ? 1 : 0;
        }
        assertEquals(1, active, listed::toString);
    }

    private static long count(String name) {
        long n = 0;
        String token = null;
        do {
            JsonNode page = admin.get("/api/tenants?limit=100" + (token == null ? "" : "&page_token=" + token)).json();
            for (JsonNode t : page.path("data")) {
                n += t.path("name").asText().equals(name) ? 1 : 0;
            }
            token = page.path("next_page_token").isNull() ? null : page.path("next_page_token").asText();
        } while (token != null);
        return n;
    }
}

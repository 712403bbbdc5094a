package io.llmux.admin;

import static io.llmux.admin.testing.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.RawHttp;
import io.llmux.admin.testing.AdminServer;
import io.llmux.admin.testing.RecordedEvents;
import io.llmux.admin.testing.SlowEvents;
import io.llmux.events.GatewayEvent;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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

    /** Regression: a retried key creation replayed a deleted tenant's (dead) key with 201. */
    @Test
    void aRetryAfterItsTenantWasDeletedIsA404NotAReplay() {
        String tenant = admin.post("/api/tenants", "{\"name\":\"gone-later\"}").json().path("id").asText();
        RawHttp client = admin.with("Idempotency-Key", UUID.randomUUID().toString());
        assertEquals(201, client.post("/api/tenants/" + tenant + "/keys", "{}").status());
        assertEquals(200, admin.delete("/api/tenants/" + tenant).status());

        JsonNode error = assertError(client.post("/api/tenants/" + tenant + "/keys", "{}"), 404, null);

        assertEquals("tenant_not_found", error.path("code").asText());
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
        List<RawHttp.Response> answers = concurrently(admin.with("Idempotency-Key", UUID.randomUUID().toString()), keys, "{\"name\":\"raced\"}");
        Set<String> secrets = new HashSet<>();
        for (RawHttp.Response answer : answers) {
            assertEquals(201, answer.status(), answer::toString);
            secrets.add(answer.json().path("secret").asText());
        }
        assertEquals(1, secrets.size(), secrets::toString);
        Authenticator authenticator = server.context().getBean(Authenticator.class);
        assertEquals(tenant, authenticator.authenticate(secrets.iterator().next()).join().tenantId());
        JsonNode listed = admin.get(keys + "?limit=100").json().path("data");
        assertEquals(1, listed.size(), listed::toString);
        assertEquals("active", listed.path(0).path("status").asText());
    }

    /**
     * Regression: with one Idempotency-Key, concurrent creations all ran and published their
     * events (tenant_created, key_created), then the losers undid theirs and published again
     * (tenant_deleted, key_revoked). Now only the request that claims the key first runs; the
     * others wait for its answer. The creation is slowed down so that the requests overlap.
     */
    @Test
    void concurrentCreationsWithOneKeyPublishTheirEventsOnce() throws Exception {
        RecordedEvents events = server.context().getBean(RecordedEvents.class);
        SlowEvents slow = server.context().getBean(SlowEvents.class);
        String name = "announced-once-" + UUID.randomUUID();
        slow.slowDown(e -> e.type().equals("tenant_created") && name.equals(e.data().get("name"))
                || e.type().equals("key_created") && e.tenantId() != null && tenantsNamed(name).contains(e.tenantId()), Duration.ofMillis(300));
        try {
            List<RawHttp.Response> tenantAnswers = concurrently(admin.with("Idempotency-Key", UUID.randomUUID().toString()),
                    "/api/tenants", "{\"name\":\"" + name + "\"}");
            String tenant = onlyAnswer(tenantAnswers).path("id").asText();
            tenantsNamed(name).add(tenant);
            assertEquals(1, count(name));

            String keys = "/api/tenants/" + tenant + "/keys";
            JsonNode key = onlyAnswer(concurrently(admin.with("Idempotency-Key", UUID.randomUUID().toString()), keys, "{}"));
            onlyAnswer(concurrently(admin.with("Idempotency-Key", UUID.randomUUID().toString()),
                    keys + "/" + key.path("id").asText() + "/rotate", "{}"));

            List<String> published = events.all().stream().filter(e -> tenant.equals(e.tenantId())).map(GatewayEvent::type).toList();
            assertEquals(List.of("tenant_created", "key_created", "key_created", "key_rotated"), published);
            assertEquals(2, admin.get(keys).json().path("data").size(), "one created key and one rotated key");
        } finally {
            slow.slowDown(e -> false, Duration.ZERO);
        }
    }

    @Test
    void aRequestWhoseKeyIsHeldByARunningCreationWithAnotherBodyIsA409AtOnce() throws Exception {
        String name = "held-" + UUID.randomUUID();
        SlowEvents slow = server.context().getBean(SlowEvents.class);
        slow.slowDown(e -> e.type().equals("tenant_created") && name.equals(e.data().get("name")), Duration.ofMillis(1500));
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            RawHttp client = admin.with("Idempotency-Key", UUID.randomUUID().toString());
            Future<RawHttp.Response> first = pool.submit(() -> client.post("/api/tenants", "{\"name\":\"" + name + "\"}"));
            slow.awaitSlowed();
            long started = System.nanoTime();
            JsonNode error = assertError(client.post("/api/tenants", "{\"name\":\"other\"}"), 409, "Idempotency-Key");
            assertEquals("idempotency_key_reused", error.path("code").asText());
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "refused without waiting for the running creation");
            assertEquals(201, first.get().status());
        } finally {
            slow.slowDown(e -> false, Duration.ZERO);
        }
    }

    /** Eight identical requests at once; every one must get the same 201 answer. */
    private static List<RawHttp.Response> concurrently(RawHttp client, String path, String body) throws Exception {
        List<Future<RawHttp.Response>> futures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return client.post(path, body);
                }));
            }
            start.countDown();
            List<RawHttp.Response> answers = new ArrayList<>();
            for (Future<RawHttp.Response> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }

    /** All answers are the same 201; exactly one was not a replay. */
    private static JsonNode onlyAnswer(List<RawHttp.Response> answers) {
        answers.forEach(a -> assertEquals(201, a.status(), a::toString));
        assertEquals(1, answers.stream().map(RawHttp.Response::body).distinct().count(), answers::toString);
        assertEquals(1, answers.stream().filter(a -> a.header("Idempotent-Replayed") == null).count(), "one request created");
        return answers.getFirst().json();
    }

    private static final java.util.Map<String, Set<String>> TENANTS_BY_NAME = new java.util.concurrent.ConcurrentHashMap<>();

    private static Set<String> tenantsNamed(String name) {
        return TENANTS_BY_NAME.computeIfAbsent(name, n -> java.util.concurrent.ConcurrentHashMap.newKeySet());
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

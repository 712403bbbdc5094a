package io.llmux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.testing.RawHttp;
import io.llmux.server.testing.LocalGateway;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 50 key creations for one tenant at once give 50 distinct keys, each of which works. */
class ParallelKeyCreationTest {

    private static final int KEYS = 50;

    @Test
    void fiftyParallelCreationsGiveFiftyDistinctWorkingKeys() throws Exception {
        try (LocalGateway gateway = LocalGateway.start()) {
            RawHttp admin = gateway.admin();
            String tenant = admin.post("/api/tenants", "{\"name\":\"parallel\"}").json().path("id").asText();
            List<Future<RawHttp.Response>> answers = new ArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(KEYS)) {
                for (int i = 0; i < KEYS; i++) {
                    String body = "{\"name\":\"parallel-" + i + "\"}";
                    answers.add(clients.submit(() -> admin.post("/api/tenants/" + tenant + "/keys", body)));
                }
            }
            Set<String> ids = new HashSet<>();
            Set<String> secrets = new HashSet<>();
            for (Future<RawHttp.Response> answer : answers) {
                RawHttp.Response response = answer.get();
                assertEquals(201, response.status(), response::toString);
                ids.add(response.json().path("id").asText());
                secrets.add(response.json().path("secret").asText());
            }
            assertEquals(KEYS, ids.size());
            assertEquals(KEYS, secrets.size());

            for (String secret : secrets) {
                RawHttp.Response models = gateway.tenant(secret).get("/v1/models");
                assertEquals(200, models.status(), models::toString);
            }
            JsonNode listed = admin.get("/api/tenants/" + tenant + "/keys?limit=100").json();
            Set<String> listedIds = new HashSet<>(listed.path("data").findValuesAsText("id"));
            assertEquals(ids, listedIds);
        }
    }
}

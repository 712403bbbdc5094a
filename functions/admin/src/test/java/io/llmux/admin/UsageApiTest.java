package io.llmux.admin;

import static io.llmux.admin.testing.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.admin.testing.AdminServer;
import io.llmux.budget.BudgetPeriod;
import io.llmux.pipeline.UsageRecord;
import io.llmux.testing.RawHttp;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import io.llmux.usage.UsageLedger;
import io.llmux.usage.UsageSummary;
import io.llmux.usage.UsageCounts;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/tenants/{id}/usage over HTTP, on the in-memory ledger the local server uses. */
class UsageApiTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static AdminServer server;
    private static RawHttp admin;
    private static String tenant;

    @BeforeAll
    static void start() {
        server = AdminServer.start();
        admin = server.admin();
        RawHttp.Response created = admin.post("/api/tenants", "{\"name\":\"reports\",\"settings\":{\"time_zone\":\"Asia/Tokyo\"}}");
        assertEquals(201, created.status(), created::toString);
        tenant = created.json().path("id").asText();
        UsageLedger ledger = server.context().getBean(UsageLedger.class);
        // 2 November, 09:00 and 10:00 in Tokyo; 3 November; and 31 October 23:30 Tokyo (another month there).
        ledger.add(record("key_a", "openai", "gpt-4o", 1_000, 200, 2_500_000), TOKYO, Instant.parse("2026-11-02T00:00:00Z"));
        ledger.add(record("key_b", "openai", "gpt-4o", 500, 100, 1_250_001), TOKYO, Instant.parse("2026-11-02T01:00:00Z"));
        ledger.add(record("key_a", "groq", "llama-3.3-70b", 300, 50, 177), TOKYO, Instant.parse("2026-11-03T05:00:00Z"));
        ledger.add(record("key_a", "openai", "gpt-4o", 9, 9, 9), TOKYO, Instant.parse("2026-10-31T14:30:00Z"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static UsageRecord record(String key, String provider, String model, long prompt, long completion, long cost) {
        return new UsageRecord("req", tenant, key, "chat", provider, model, new Usage(prompt, completion, 0, UsageSource.PROVIDER),
                cost, UsageRecord.Outcome.COMPLETED);
    }

    @Test
    void aMonthByModelHasExactTotalsAndGroups() {
        RawHttp.Response response = admin.get("/api/tenants/" + tenant + "/usage?period=monthly&at=2026-11-15&group_by=model");
        assertEquals(200, response.status(), response::toString);
        JsonNode report = response.json();
        assertEquals(tenant, report.path("tenant_id").asText());
        assertEquals("2026-11", report.path("period_key").asText());
        assertEquals("Asia/Tokyo", report.path("time_zone").asText());
        assertEquals("2026-10-31T15:00:00Z", report.path("start").asText());
        assertEquals("2026-11-30T15:00:00Z", report.path("end").asText());
        assertFalse(report.path("closed").asBoolean());
        JsonNode totals = report.path("totals");
        assertEquals(3, totals.path("requests").asLong());
        assertEquals(1_800, totals.path("input_tokens").asLong());
        assertEquals(350, totals.path("output_tokens").asLong());
        assertEquals(2_150, totals.path("total_tokens").asLong());
        assertEquals(3_750_178, totals.path("cost_micros").asLong());
        assertEquals("3.750178", totals.path("cost_usd").asText());
        assertTrue(totals.path("cost_usd").isTextual(), "money is a string, never a float");
        JsonNode groups = report.path("groups");
        assertEquals(2, groups.size());
        assertEquals("openai/gpt-4o", groups.get(0).path("group").asText());
        assertEquals("openai", groups.get(0).path("provider").asText());
        assertEquals("gpt-4o", groups.get(0).path("model").asText());
        assertEquals(2, groups.get(0).path("usage").path("requests").asLong());
        assertEquals("3.750001", groups.get(0).path("usage").path("cost_usd").asText());
        assertEquals("groq/llama-3.3-70b", groups.get(1).path("group").asText());
        assertFalse(report.path("truncated").asBoolean());
        assertTrue(report.path("other").isNull());
    }

    @Test
    void byKeyByProviderAndTheIssuesGroupBySpelling() {
        JsonNode byKey = admin.get("/api/tenants/" + tenant + "/usage?period=monthly&at=2026-11-15&groupBy=key").json();
        assertEquals("key", byKey.path("group_by").asText());
        assertEquals("key_a", byKey.path("groups").get(0).path("key_id").asText());
        assertEquals(2_500_177, byKey.path("groups").get(0).path("usage").path("cost_micros").asLong());
        JsonNode byProvider = admin.get("/api/tenants/" + tenant + "/usage?period=monthly&at=2026-11-15&group_by=provider&limit=1").json();
        assertEquals("openai", byProvider.path("groups").get(0).path("group").asText());
        assertEquals(1, byProvider.path("groups").size());
        assertTrue(byProvider.path("truncated").asBoolean());
        assertEquals(177, byProvider.path("other").path("cost_micros").asLong());
    }

    @Test
    void aDayByDaySeriesAndAClosedDay() {
        server.context().getBean(UsageLedger.class).close(tenant, BudgetPeriod.DAILY, "2026-11-03",
                new UsageSummary(new UsageCounts(1, 300, 50, 0, 0, 177), 1, Instant.parse("2026-11-03T15:05:00Z")));
        JsonNode days = admin.get("/api/tenants/" + tenant + "/usage?period=monthly&at=2026-11-15T00:00:00Z&group_by=day").json();
        assertEquals(30, days.path("groups").size());
        assertEquals("2026-11-02", days.path("groups").get(1).path("date").asText());
        assertEquals(2, days.path("groups").get(1).path("usage").path("requests").asLong());
        assertEquals(1, days.path("groups").get(2).path("usage").path("requests").asLong());
        assertEquals(0, days.path("groups").get(0).path("usage").path("requests").asLong());

        JsonNode closed = admin.get("/api/tenants/" + tenant + "/usage?period=daily&at=2026-11-03").json();
        assertTrue(closed.path("closed").asBoolean());
        assertEquals("2026-11-03T15:05:00Z", closed.path("closed_at").asText());
        assertEquals(1, closed.path("totals").path("requests").asLong());
    }

    @Test
    void aPeriodWithoutUseIsAllZeros() {
        JsonNode report = admin.get("/api/tenants/" + tenant + "/usage?period=weekly&at=2026-06-01").json();
        assertEquals("2026-W23", report.path("period_key").asText());
        assertEquals(0, report.path("totals").path("requests").asLong());
        assertEquals("0.000000", report.path("totals").path("cost_usd").asText());
        assertEquals(0, report.path("groups").size());
    }

    @Test
    void badParametersAre400sNamingThem() {
        String base = "/api/tenants/" + tenant + "/usage";
        assertError(admin.get(base + "?period=yearly"), 400, "period");
        assertError(admin.get(base + "?group_by=team"), 400, "group_by");
        assertError(admin.get(base + "?groupBy=team"), 400, "groupBy");
        assertError(admin.get(base + "?group_by=key&groupBy=model"), 400, "group_by");
        assertError(admin.get(base + "?at=yesterday"), 400, "at");
        assertError(admin.get(base + "?at=2026-13-01"), 400, "at");
        assertError(admin.get(base + "?at=1900-01-01"), 400, "at");
        assertError(admin.get(base + "?limit=0"), 400, "limit");
        assertError(admin.get(base + "?limit=1001"), 400, "limit");
        assertError(admin.get(base + "?limit=ten"), 400, "limit");
    }

    @Test
    void unknownTenantsAre404AndTheTokenIsRequired() {
        assertEquals("tenant_not_found", assertError(admin.get("/api/tenants/ten_nobody/usage"), 404, null).path("code").asText());
        assertEquals("tenant_not_found", assertError(admin.get("/api/tenants/nobody/usage"), 404, null).path("code").asText());
        assertEquals(401, server.as(null).get("/api/tenants/" + tenant + "/usage").status());
    }
}

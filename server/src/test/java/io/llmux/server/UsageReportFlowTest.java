package io.llmux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.server.testing.LocalGateway;
import io.llmux.testing.RawHttp;
import io.llmux.usage.LedgerUsageMeter;
import io.llmux.pipeline.UsageMeter;
import org.junit.jupiter.api.Test;

/**
 * The local server end to end: inference calls land in the usage ledger (through the default
 * meter, before each response ends), and the admin API reports them.
 */
class UsageReportFlowTest {

    @Test
    void callsAppearInTheTenantsUsageReportByModelAndDay() {
        try (LocalGateway gateway = LocalGateway.start()) {
            assertTrue(gateway.context().getBean(UsageMeter.class) instanceof LedgerUsageMeter, "the default meter writes the ledger");
            RawHttp tenant = gateway.tenant(LocalGateway.DEV_KEY);
            long promptTokens = 0;
            long completionTokens = 0;
            for (int i = 0; i < 3; i++) {
                RawHttp.Response answer = tenant.chat("Hello number " + i);
                assertEquals(200, answer.status(), answer::toString);
                promptTokens += answer.json().at("/usage/prompt_tokens").asLong();
                completionTokens += answer.json().at("/usage/completion_tokens").asLong();
            }
            // Each response ended after its usage was written: the report is exact at once.
            JsonNode report = gateway.admin().get("/api/tenants/ten_development/usage?period=daily").json();
            assertEquals(3, report.at("/totals/requests").asLong(), report::toString);
            assertEquals(promptTokens, report.at("/totals/input_tokens").asLong());
            assertEquals(completionTokens, report.at("/totals/output_tokens").asLong());
            assertEquals("mock/mock-chat", report.at("/groups/0/group").asText(), report::toString);

            JsonNode days = gateway.admin().get("/api/tenants/ten_development/usage?period=monthly&group_by=day").json();
            long series = 0;
            for (JsonNode day : days.path("groups")) {
                series += day.at("/usage/requests").asLong();
            }
            assertEquals(3, series, "the day series adds up to the month");
        }
    }
}

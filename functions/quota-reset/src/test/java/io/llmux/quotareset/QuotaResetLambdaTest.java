package io.llmux.quotareset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmux.budget.BudgetPeriod;
import io.llmux.events.GatewayEvent;
import io.llmux.pipeline.UsageRecord;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantStatus;
import io.llmux.tenancy.TenantStore;
import io.llmux.tenancy.TenantSettings;
import io.llmux.testing.SamTemplate;
import io.llmux.testing.dynamodb.LocalDynamoDb;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import io.llmux.usage.PeriodCloser;
import io.llmux.usage.PeriodUsage;
import io.llmux.usage.UsageLedger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The quota-reset function as template.yaml declares it: its handler class, invoked in-process with
 * the template's environment on a DynamoDB table (dynalite) and on every sample event scheduled to it.
 */
class QuotaResetLambdaTest {

    private static final String FUNCTION = "QuotaResetFunction";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 01:00 UTC on 27 November 2026, as in events/quota-reset.json: the 26th has ended in UTC and in Paris. */
    private static final Instant NOW = Instant.parse("2026-11-27T01:00:00Z");

    @Test
    void theTemplateNamesThisModulesHandlerAndJarAndAnHourlySchedule() throws Exception {
        SamTemplate template = SamTemplate.load();
        JsonNode function = template.functions().get(FUNCTION);
        assertTrue(RequestHandler.class.isAssignableFrom(Class.forName(function.path("Handler").asText())));
        assertEquals("java25", function.path("Runtime").asText());
        Path codeUri = Path.of(function.path("CodeUri").asText());
        Path module = template.root().resolve(codeUri).getParent().getParent();
        assertEquals(Path.of("").toAbsolutePath().normalize(), module.normalize(), "CodeUri points into this module");
        assertTrue(Files.readString(module.resolve("pom.xml")).contains("<finalName>" + codeUri.getFileName().toString().replaceFirst("\\.jar$", "") + "</finalName>"));
        JsonNode schedule = function.path("Events").path("Hourly").path("Properties");
        assertEquals("rate(1 hour)", schedule.path("ScheduleExpression").asText());
    }

    @TestFactory
    Stream<DynamicTest> everySampleEventScheduledToTheFunctionClosesEndedPeriodsOnce() throws Exception {
        SamTemplate template = SamTemplate.load();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(template.root().resolve("events"))) {
            for (Path file : listing.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                if (template.functionScheduledBy(JSON.readTree(file.toFile())).filter(FUNCTION::equals).isPresent()) {
                    files.add(file);
                }
            }
        }
        assertFalse(files.isEmpty(), "events/ holds no sample event for " + FUNCTION);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            try (Handler handler = Handler.start(template)) {
                TenantStore tenants = handler.context.getBean(TenantStore.class);
                Tenant utc = tenant("ten_utc", TenantSettings.DEFAULTS);
                Tenant paris = tenant("ten_paris", new TenantSettings(List.of(), null, TenantSettings.DEFAULTS.limits(),
                        TenantSettings.DEFAULTS.budgets(), "Europe/Paris"));
                assertTrue(tenants.create(utc) && tenants.create(paris));
                UsageLedger ledger = handler.context.getBean(UsageLedger.class);
                ledger.add(record(utc.id(), 40), ZoneOffset.UTC, Instant.parse("2026-11-26T12:00:00Z"));
                ledger.add(record(utc.id(), 2), ZoneOffset.UTC, Instant.parse("2026-11-26T18:00:00Z"));
                ledger.add(record(paris.id(), 7), ZoneId.of("Europe/Paris"), Instant.parse("2026-11-26T22:30:00Z"));

                @SuppressWarnings("unchecked")
                Map<String, Object> event = JSON.readValue(file.toFile(), Map.class);
                Map<String, Object> first = handler.invoke(event);
                Map<String, Object> second = handler.invoke(event);

                assertEquals(2, first.get("tenants"), first::toString);
                // Each tenant: the 26th, week 47 (16-22 November) and October: three periods each.
                assertEquals(6, first.get("periods_closed"), first::toString);
                assertEquals(0, second.get("periods_closed"), "a second run closes nothing more: " + second);
                assertEquals(0, second.get("failures"));
                List<GatewayEvent> dailyResets = handler.resets().stream().filter(e -> "daily".equals(e.data().get("period"))).toList();
                assertEquals(2, dailyResets.size(), dailyResets::toString);
                PeriodUsage utcDay = ledger.read(utc.id(), BudgetPeriod.DAILY, "2026-11-26");
                assertEquals(utcDay.totals(), utcDay.summary().totals());
                assertEquals(2, utcDay.summary().totals().requests());
                // 22:30 UTC on the 26th is 23:30 in Paris: still the 26th there.
                assertEquals(1, ledger.read(paris.id(), BudgetPeriod.DAILY, "2026-11-26").summary().totals().requests());
            }
        }));
    }

    private static Tenant tenant(String id, TenantSettings settings) {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        return new Tenant(id, id, TenantStatus.ACTIVE, settings, Map.of(), created, created, 1);
    }

    private static UsageRecord record(String tenant, long cost) {
        return new UsageRecord("req", tenant, "key_a", "chat", "openai", "gpt-4o", new Usage(10, 5, 0, UsageSource.PROVIDER), cost,
                UsageRecord.Outcome.COMPLETED);
    }

    /** The template's handler, as the managed runtime builds it, with the template's environment on a fresh dynalite table. */
    private record Handler(ApplicationContext context, RequestHandler<Map<String, Object>, Map<String, Object>> handler) implements AutoCloseable {

        static Handler start(SamTemplate template) throws ReflectiveOperationException {
            Map<String, Object> environment = new HashMap<>(template.environment(FUNCTION));
            environment.put("LLMUX_STORE_DYNAMODB_TABLE", LocalDynamoDb.tableName("quota-reset"));
            environment.put("LLMUX_STORE_DYNAMODB_ENDPOINT", LocalDynamoDb.endpoint().uri().toString());
            environment.put("LLMUX_STORE_DYNAMODB_CREATE_TABLE", "true");
            ApplicationContext context = QuotaResetHandler.contextBuilder()
                    .propertySources(PropertySource.of("template.yaml", environment, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                    .singletons(Clock.fixed(NOW, ZoneOffset.UTC))
                    .build()
                    .start();
            Class<?> type = Class.forName(template.functions().get(FUNCTION).path("Handler").asText());
            @SuppressWarnings("unchecked")
            var handler = (RequestHandler<Map<String, Object>, Map<String, Object>>) type.getConstructor(ApplicationContext.class).newInstance(context);
            return new Handler(context, handler);
        }

        Map<String, Object> invoke(Map<String, Object> event) {
            return handler.handleRequest(event, new TestLambdaContext());
        }

        List<GatewayEvent> resets() {
            return context.getBean(RecordedResets.class).events().stream()
                    .filter(e -> e.type().equals(PeriodCloser.RESET_EVENT)).toList();
        }

        @Override
        public void close() {
            context.close();
        }
    }
}

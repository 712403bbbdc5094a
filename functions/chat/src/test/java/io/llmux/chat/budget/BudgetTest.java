package io.llmux.chat.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.budget.BudgetCounter;
import io.llmux.budget.BudgetLedger;
import io.llmux.budget.BudgetPeriod;
import io.llmux.budget.CounterState;
import io.llmux.budget.dynamodb.DynamoDbBudgetLedger;
import io.llmux.chat.http.OpenAiResponses;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.chat.testing.RecordingUsageMeter;
import io.llmux.openai.ChatRequestParser;
import io.llmux.pipeline.UsageRecord;
import io.llmux.tenancy.Budgets;
import io.llmux.tenancy.IssuedKey;
import io.llmux.tenancy.Limits;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.tenancy.TenantSettings;
import io.llmux.testing.FakeOpenAiServer;
import io.llmux.testing.FakeReply;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RawHttp;
import io.llmux.testing.dynamodb.LocalDynamoDb;
import io.llmux.tokens.TokenCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Budgets end to end: a real gateway whose stores and budget ledger are DynamoDB (dynalite),
 * the mock provider (priced by a test price list) and a fake OpenAI provider for failures.
 * Counters are read back from the ledger and compared with what was metered, to the token and the
 * micro-dollar.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BudgetTest {

    private static final String OPENAI_KEY = "sk-proj-BudgetTest0123456789secret";
    /** mock-chat at $1 per million input tokens and $2 per million output: 1 and 2 micro-dollars a token. */
    private static final String PRICES = """
            {"version": "test", "unit": "USD per 1M tokens", "models": {
              "mock-chat": {"input": "1", "output": "2"},
              "mock-embedding": {"input": "3", "output": "0"},
              "gpt-4o-mini": {"input": "0.15", "output": "0.60"}}}""";
    private static final String CHAT = "{\"model\":\"mock-chat\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}";

    static {
        // DynamoDbFactory uses the SDK's default credential chain; dynalite accepts any credentials.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    private static FakeOpenAiServer fake;
    private static GatewayServer gateway;
    private static TenantAdmin admin;
    private static BudgetLedger ledger;
    private static RecordingUsageMeter meter;

    @BeforeAll
    static void start() throws IOException {
        Path prices = Files.createTempFile("budget-prices", ".json");
        Files.writeString(prices, PRICES);
        prices.toFile().deleteOnExit();
        fake = FakeOpenAiServer.start();
        Map<String, Object> properties = new HashMap<>();
        properties.put("llmux.store.dynamodb.table", LocalDynamoDb.tableName("budget-http"));
        properties.put("llmux.store.dynamodb.endpoint", LocalDynamoDb.endpoint().uri().toString());
        properties.put("llmux.store.dynamodb.create-table", true);
        properties.put("llmux.key-hash-secret", "budget-test-secret-of-at-least-32-bytes");
        properties.put("llmux.pricing.file", prices.toString());
        properties.put("llmux.providers.openai.api-key", OPENAI_KEY);
        properties.put("llmux.providers.openai.base-url", fake.baseUrl());
        properties.put("llmux.providers.openai.first-byte-timeout", "2s");
        properties.put(RecordingUsageMeter.ENABLE, "true");
        properties.putAll(GatewayServer.SINGLE_ATTEMPT);
        gateway = GatewayServer.start(properties);
        admin = gateway.context().getBean(TenantAdmin.class);
        ledger = gateway.context().getBean(BudgetLedger.class);
        meter = gateway.context().getBean(RecordingUsageMeter.class);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @BeforeEach
    void reset() {
        fake.reset();
        meter.clear();
    }

    /** A new tenant with these budgets and one key; returns a client for the key and the tenant's id. */
    private record Caller(String tenantId, String keyId, RawHttp http) {
    }

    private static Caller caller(Budgets tenantBudgets, Budgets keyBudgets) {
        Tenant tenant = admin.createTenant("budgets", new TenantSettings(List.of(), null, Limits.NONE, tenantBudgets, "UTC"), Map.of());
        IssuedKey key = admin.createKey(tenant.id(), "k", null, null, null, keyBudgets, null);
        return new Caller(tenant.id(), key.key().id(), new RawHttp(gateway.uri(), "Bearer " + key.secret()));
    }

    private static CounterState tenantCounter(String tenantId) {
        return ledger.read(BudgetCounter.ofTenant(tenantId, BudgetPeriod.MONTHLY, BudgetPeriod.MONTHLY.key(Instant.now(), ZoneOffset.UTC)));
    }

    private static long worstCase(String body) {
        var request = ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8));
        return new TokenCounter().countPrompt(request) + request.maxOutputTokens();
    }

    private static void assertCounterHoldsWhatWasMetered(CounterState counter, List<UsageRecord> records) {
        long tokens = records.stream().mapToLong(r -> r.usage().totalTokens()).sum();
        long micros = records.stream().mapToLong(UsageRecord::costMicros).sum();
        assertTrue(tokens > 0 && micros > 0, "something was spent: " + records);
        assertEquals(new CounterState(tokens, micros, 0, 0), counter, "settled exactly, nothing left reserved");
    }

    @Test
    void aHundredConcurrentRequestsAgainstABudgetThatFitsTwentyAdmitExactlyTwenty() throws Exception {
        assertTrue(gateway.context().getBean(BudgetLedger.class) instanceof DynamoDbBudgetLedger);
        long worst = worstCase(CHAT);
        Caller caller = caller(new Budgets("monthly", 20 * worst, null, true), null);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RawHttp.Response>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(25)) {
            for (int i = 0; i < 100; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return caller.http().post("/v1/chat/completions", CHAT);
                }));
            }
            start.countDown();
            int admitted = 0;
            int refused = 0;
            for (Future<RawHttp.Response> call : calls) {
                RawHttp.Response response = call.get();
                if (response.status() == 200) {
                    admitted++;
                    // The mock answers up to max_tokens exactly: what is settled is what was reserved,
                    // so the count admitted cannot depend on when the others settle.
                    assertEquals(worst, response.json().path("usage").path("total_tokens").asLong(), response.body());
                } else {
                    assertEquals(429, response.status(), response.body());
                    assertEquals("insufficient_quota", response.json().path("error").path("code").asText());
                    refused++;
                }
            }
            assertEquals(20, admitted);
            assertEquals(80, refused);
        }
        List<UsageRecord> records = meter.all().stream().filter(r -> r.tenantId().equals(caller.tenantId())).toList();
        assertEquals(20, records.size());
        assertCounterHoldsWhatWasMetered(tenantCounter(caller.tenantId()), records);
    }

    @Test
    void overBudgetIs429InsufficientQuotaInOpenAisShapeNamingTheBudgetAndItsReset() {
        Caller caller = caller(null, new Budgets("monthly", null, 10L, true));
        for (String body : List.of(CHAT, CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""))) {
            RawHttp.Response response = caller.http().post("/v1/chat/completions", body.replace("\"max_tokens\":3", "\"max_tokens\":100"));

            assertEquals(429, response.status(), response.body());
            assertEquals("false", response.header("x-should-retry"), "OpenAI's SDKs must not retry until the budget resets");
            OpenApiContract.assertValid("ErrorResponse", response.json());
            JsonNode error = response.json().path("error");
            assertEquals("insufficient_quota", error.path("type").asText());
            assertEquals("insufficient_quota", error.path("code").asText());
            String message = error.path("message").asText();
            assertTrue(message.contains("this API key's (" + caller.keyId() + ") monthly cost budget of $0.000010"), message);
            Instant resets = Instant.parse(message.replaceAll(".*resets at (\\S+) .*", "$1"));
            assertEquals(BudgetPeriod.MONTHLY.end(Instant.now(), ZoneOffset.UTC), resets);
        }
        assertTrue(meter.all().isEmpty(), "nothing was called, nothing metered");
    }

    @Test
    void everyAnswerCarriesItsCostAndTheTightestBudgetLeft() {
        Caller caller = caller(new Budgets("monthly", 1_000_000L, 1_000_000L, true), new Budgets("daily", 1_000L, null, true));

        RawHttp.Response whole = caller.http().post("/v1/chat/completions", CHAT);
        assertEquals(200, whole.status(), whole.body());
        UsageRecord record = meter.recordsOf(whole.header(OpenAiResponses.REQUEST_ID)).getFirst();
        assertEquals(OpenAiResponses.usd(record.costMicros()), whole.header("x-llmux-cost"));
        assertTrue(record.costMicros() > 0);
        assertEquals("tokens=" + (1_000 - record.usage().totalTokens()) + ";scope=key;period=daily;resets="
                + BudgetPeriod.DAILY.end(Instant.now(), ZoneOffset.UTC), whole.header("x-llmux-budget-remaining"));

        String streamBody = CHAT.replace("{\"model\"", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\"");
        RawHttp.Response stream = caller.http().post("/v1/chat/completions", streamBody);
        assertEquals(200, stream.status(), stream.body());
        long reservedMicros = new TokenCounter().countPrompt(ChatRequestParser.parse(streamBody.getBytes(StandardCharsets.UTF_8))) + 2 * 3;
        assertEquals(OpenAiResponses.usd(reservedMicros), stream.header("x-llmux-cost"), "a stream's head carries its reservation");
        assertNotNull(stream.header("x-llmux-budget-remaining"));
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(stream.body());
        JsonNode usage = events.chunks().getLast().path("usage");
        UsageRecord streamed = meter.recordsOf(stream.header(OpenAiResponses.REQUEST_ID)).getFirst();
        assertEquals(OpenAiResponses.usd(streamed.costMicros()), usage.path("llmux_cost").asText(), "the exact cost is in the usage chunk");

        RawHttp.Response embeddings = caller.http().post("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"hello budgets\"}");
        assertEquals(200, embeddings.status(), embeddings.body());
        UsageRecord embedded = meter.recordsOf(embeddings.header(OpenAiResponses.REQUEST_ID)).getFirst();
        assertEquals(OpenAiResponses.usd(embedded.costMicros()), embeddings.header("x-llmux-cost"));
        assertTrue(embeddings.header("x-llmux-budget-remaining").startsWith("tokens="), embeddings.header("x-llmux-budget-remaining"));

        Caller unlimited = caller(null, null);
        RawHttp.Response free = unlimited.http().post("/v1/chat/completions", CHAT);
        assertEquals("unlimited", free.header("x-llmux-budget-remaining"));
        assertNotNull(free.header("x-llmux-cost"));
    }

    @Test
    void aProviderFailureReleasesTheReservation() {
        Caller caller = caller(new Budgets("monthly", 1_000_000L, 1_000_000L, true), null);
        fake.respondWith(FakeReply.serverError());
        for (boolean stream : new boolean[] {false, true}) {
            RawHttp.Response response = caller.http().post("/v1/chat/completions",
                    "{\"model\":\"openai/gpt-4o-mini\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(502, response.status(), response.body());
        }
        assertEquals(2, fake.requests().size(), "the provider was called (and failed) twice");
        assertEquals(CounterState.EMPTY, tenantCounter(caller.tenantId()), "both reservations were given back");
    }

    @Test
    void aStreamCutMidwaySettlesWhatWasStreamed() {
        Caller caller = caller(new Budgets("monthly", 1_000_000L, 1_000_000L, true), null);
        fake.respondWith(FakeReply.cutAfter(3));

        RawHttp.Response response = caller.http().post("/v1/chat/completions",
                "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(200, response.status());
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
        assertFalse(events.done());
        List<UsageRecord> records = meter.recordsOf(response.header(OpenAiResponses.REQUEST_ID));
        assertEquals(1, records.size());
        assertEquals(UsageRecord.Outcome.FAILED, records.getFirst().outcome());
        assertEquals(new TokenCounter().count("gpt-4o-mini", "The quick brown"), records.getFirst().usage().completionTokens(),
                "what was streamed before the cut");
        assertCounterHoldsWhatWasMetered(tenantCounter(caller.tenantId()), records);
    }
}

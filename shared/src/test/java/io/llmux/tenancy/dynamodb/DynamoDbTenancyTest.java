package io.llmux.tenancy.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmux.error.GatewayException;
import io.llmux.idempotency.DynamoDbIdempotencyStore;
import io.llmux.idempotency.IdempotencyStore;
import io.llmux.tenancy.ApiKey;
import io.llmux.tenancy.Authenticator;
import io.llmux.tenancy.IssuedKey;
import io.llmux.tenancy.KeyStore;
import io.llmux.tenancy.Principal;
import io.llmux.tenancy.Tenant;
import io.llmux.tenancy.TenantAdmin;
import io.llmux.tenancy.TenantSettings;
import io.llmux.tenancy.TenantStore;
import io.llmux.testing.dynamodb.LocalDynamoDb;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application wired as on AWS (llmux.store.dynamodb.table set), against the test DynamoDB:
 * the DynamoDB adapters replace the in-memory ones, and the admin and authentication paths work
 * through them.
 */
class DynamoDbTenancyTest {

    private static final String HASH_SECRET = "test-secret-of-at-least-thirty-two-bytes!";

    private static String table;
    private static ApplicationContext context;

    @BeforeAll
    static void start() {
        table = LocalDynamoDb.tableName("wiring");
        context = gateway(table);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    /** Created by the application itself (create-table=true), as in local development. */
    private static ApplicationContext gateway(String table) {
        return ApplicationContext.run(Map.of(
                "llmux.store.dynamodb.table", table,
                "llmux.store.dynamodb.endpoint", LocalDynamoDb.endpoint().uri().toString(),
                "llmux.store.dynamodb.create-table", true,
                "llmux.key-hash-secret", HASH_SECRET));
    }

    @Test
    void theDynamoDbAdaptersReplaceTheInMemoryOnes() {
        assertInstanceOf(DynamoDbTenantStore.class, context.getBean(TenantStore.class));
        assertInstanceOf(DynamoDbKeyStore.class, context.getBean(KeyStore.class));
        assertInstanceOf(DynamoDbIdempotencyStore.class, context.getBean(IdempotencyStore.class));
    }

    @Test
    void fiftyParallelKeyCreationsForOneTenantGiveFiftyDistinctWorkingKeys() throws Exception {
        TenantAdmin admin = context.getBean(TenantAdmin.class);
        Authenticator authenticator = context.getBean(Authenticator.class);
        Tenant tenant = admin.createTenant("parallel", TenantSettings.DEFAULTS, Map.of());
        int count = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<IssuedKey>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            for (int i = 0; i < count; i++) {
                String name = "key " + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return admin.createKey(tenant.id(), name, null, null, null, null, null);
                }));
            }
            start.countDown();
            List<IssuedKey> issued = new ArrayList<>();
            for (Future<IssuedKey> future : futures) {
                issued.add(future.get());
            }

            assertEquals(count, issued.stream().map(IssuedKey::secret).distinct().count());
            assertEquals(count, issued.stream().map(k -> k.key().id()).distinct().count());
            for (IssuedKey key : issued) {
                Principal principal = authenticator.authenticate(key.secret()).join();
                assertEquals(tenant.id(), principal.tenantId());
                assertEquals(key.key().id(), principal.key().id());
            }
            Set<String> listed = new HashSet<>();
            String token = null;
            do {
                var page = admin.keys(tenant.id(), 20, token);
                page.items().forEach(k -> listed.add(k.id()));
                token = page.nextToken();
            } while (token != null);
            assertEquals(issued.stream().map(k -> k.key().id()).collect(java.util.stream.Collectors.toSet()), listed);
        }
    }

    @Test
    void aRevokedKeyIsRefused() {
        TenantAdmin admin = context.getBean(TenantAdmin.class);
        Authenticator authenticator = context.getBean(Authenticator.class);
        Tenant tenant = admin.createTenant("revoker", TenantSettings.DEFAULTS, Map.of());
        IssuedKey issued = admin.createKey(tenant.id(), "short-lived", null, null, null, null, null);
        authenticator.authenticate(issued.secret()).join();

        admin.revokeKey(tenant.id(), issued.key().id());

        CompletionException refused = assertThrows(CompletionException.class, () -> authenticator.authenticate(issued.secret()).join());
        GatewayException error = assertInstanceOf(GatewayException.class, refused.getCause());
        assertEquals(401, error.status());
        assertEquals("api_key_revoked", error.code());
    }

    @Test
    void tenantsAndKeysOutliveTheProcessThatCreatedThem() {
        String ownTable = LocalDynamoDb.tableName("restart");
        Tenant tenant;
        IssuedKey issued;
        try (ApplicationContext first = gateway(ownTable)) {
            TenantAdmin admin = first.getBean(TenantAdmin.class);
            tenant = admin.createTenant("durable", TenantSettings.DEFAULTS, Map.of("team", "search"));
            issued = admin.createKey(tenant.id(), "durable key", null, null, null, null, null);
        }
        try (ApplicationContext second = gateway(ownTable)) {
            assertEquals(tenant, second.getBean(TenantAdmin.class).tenant(tenant.id()));
            ApiKey key = second.getBean(Authenticator.class).authenticate(issued.secret()).join().key();
            assertEquals(issued.key(), key);
        }
    }

    @Test
    void aGarbagePageTokenFromAClientIsA400() {
        TenantAdmin admin = context.getBean(TenantAdmin.class);
        Tenant tenant = admin.createTenant("lister", TenantSettings.DEFAULTS, Map.of());

        GatewayException tenants = assertThrows(GatewayException.class, () -> admin.tenants(10, "garbage!"));
        GatewayException keys = assertThrows(GatewayException.class, () -> admin.keys(tenant.id(), 10, "eyJQSyI6IlRFTkFOVCN4In0"));

        assertEquals(400, tenants.status());
        assertEquals("page_token", tenants.param());
        assertEquals(400, keys.status());
        assertEquals("page_token", keys.param());
    }

    @Test
    void anotherTenantsPageTokenCannotReadItsKeys() {
        TenantAdmin admin = context.getBean(TenantAdmin.class);
        Tenant mine = admin.createTenant("mine", TenantSettings.DEFAULTS, Map.of());
        Tenant theirs = admin.createTenant("theirs", TenantSettings.DEFAULTS, Map.of());
        for (int i = 0; i < 3; i++) {
            admin.createKey(theirs.id(), "theirs " + i, null, null, null, null, null);
        }
        String theirToken = admin.keys(theirs.id(), 1, null).nextToken();

        GatewayException error = assertThrows(GatewayException.class, () -> admin.keys(mine.id(), 10, theirToken));

        assertEquals(400, error.status());
    }

    /**
     * Regression: deleting a tenant removed only the tenant item; its key claims and references
     * stayed in the table, and would have authenticated again under a tenant re-created with the
     * same id. Now a deletion interrupted midway leaves nothing usable, and running it again
     * removes everything.
     */
    @Test
    void deletingATenantRemovesItsKeyItemsAndAnInterruptedDeletionLeavesNothingUsable() {
        TenantAdmin admin = context.getBean(TenantAdmin.class);
        Tenant tenant = admin.importTenant("ten_deleted_" + System.nanoTime(), "to delete", TenantSettings.DEFAULTS, Map.of());
        List<IssuedKey> issued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            issued.add(admin.createKey(tenant.id(), "k" + i, null, null, null, null, null));
        }
        Tenant neighbour = admin.createTenant("neighbour", TenantSettings.DEFAULTS, Map.of());
        IssuedKey neighbours = admin.createKey(neighbour.id(), "stays", null, null, null, null, null);

        // A deletion that crashed after marking the tenant and removing one key's claim (not its reference).
        DynamoDbTenantStore tenants = (DynamoDbTenantStore) context.getBean(TenantStore.class);
        tenants.markDeleted(tenant.id());
        context.getBean(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class).deleteItem(d -> d.tableName(table)
                .key(SingleTable.key(SingleTable.keyHashPk(issued.getFirst().key().hash()), SingleTable.KEY_SK)));

        Authenticator elsewhere = freshAuthenticator();
        for (IssuedKey key : issued) {
            assertEquals(401, refusal(elsewhere, key.secret()).status(), "no key of a half-deleted tenant authenticates");
        }
        assertEquals(404, assertThrows(GatewayException.class, () -> admin.tenant(tenant.id())).status());
        assertEquals(404, assertThrows(GatewayException.class,
                () -> admin.createKey(tenant.id(), "late", null, null, null, null, null)).status());
        assertEquals(409, assertThrows(GatewayException.class,
                () -> admin.importTenant(tenant.id(), "again", TenantSettings.DEFAULTS, Map.of())).status(),
                "the id stays taken until the deletion completes");

        admin.deleteTenant(tenant.id());

        assertEquals(List.of(), itemsMentioning(tenant.id()), "no item of the tenant is left");
        assertEquals(404, assertThrows(GatewayException.class, () -> admin.deleteTenant(tenant.id())).status());
        Tenant reborn = admin.importTenant(tenant.id(), "reborn", TenantSettings.DEFAULTS, Map.of());
        for (IssuedKey key : issued) {
            assertEquals(401, refusal(freshAuthenticator(), key.secret()).status(), "a re-created tenant does not revive old keys");
        }
        assertEquals(List.of(), admin.keys(reborn.id(), 10, null).items());
        assertEquals(neighbour.id(), freshAuthenticator().authenticate(neighbours.secret()).join().tenantId());
    }

    private Authenticator freshAuthenticator() {
        return new Authenticator(context.getBean(io.llmux.tenancy.KeyHasher.class), context.getBean(KeyStore.class),
                context.getBean(TenantStore.class), java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(30));
    }

    private static GatewayException refusal(Authenticator authenticator, String secret) {
        CompletionException refused = assertThrows(CompletionException.class, () -> authenticator.authenticate(secret).join());
        return assertInstanceOf(GatewayException.class, refused.getCause());
    }

    /** Every item whose attributes name the tenant (tenant item, key claims, references), by a full scan. */
    private static List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> itemsMentioning(String tenantId) {
        var dynamo = context.getBean(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class);
        return dynamo.scanPaginator(scan -> scan.tableName(table)).items().stream()
                .filter(item -> item.values().stream().anyMatch(v -> v.s() != null && v.s().contains(tenantId)))
                .toList();
    }
}

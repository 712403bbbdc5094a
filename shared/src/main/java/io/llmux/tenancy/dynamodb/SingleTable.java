package io.llmux.tenancy.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of LLMux's one DynamoDB table (docs/storage.md explains each choice): the key
 * attributes, the one overloaded index, and how each entity's keys are spelt.
 */
public final class SingleTable {

    public static final String PK = "PK";
    public static final String SK = "SK";
    /** Overloaded, sparse index: only items that belong to a listed collection carry its keys. */
    public static final String GSI1 = "GSI1";
    public static final String GSI1_PK = "GSI1PK";
    public static final String GSI1_SK = "GSI1SK";
    /** Epoch seconds; the table's TTL attribute (configured by the infrastructure, not at run time). */
    public static final String TTL = "ttl";

    static final String TENANT_PREFIX = "TENANT#";
    static final String TENANT_SK = "TENANT";
    static final String TENANTS_COLLECTION = "TENANTS";
    static final String KEY_REF_PREFIX = "KEY#";
    static final String KEY_HASH_PREFIX = "KEYHASH#";
    static final String KEY_SK = "KEY";

    private SingleTable() {
    }

    static String tenantPk(String tenantId) {
        return TENANT_PREFIX + tenantId;
    }

    static String keyRefSk(String keyId) {
        return KEY_REF_PREFIX + keyId;
    }

    static String keyHashPk(String hash) {
        return KEY_HASH_PREFIX + hash;
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, Attributes.s(pk), SK, Attributes.s(sk));
    }
}

package io.llmux.tenancy.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmux.json.Json;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Conversions between item attributes and domain values. */
public final class Attributes {

    /** Nested settings are stored as JSON; fields added by a newer release must not break an older one. */
    private static final ObjectMapper STORED_JSON = Json.MAPPER.copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Attributes() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    /** A list rather than a string set: DynamoDB refuses empty sets. */
    static AttributeValue strings(Collection<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    static AttributeValue stringMap(Map<String, String> values) {
        return AttributeValue.fromM(values.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> AttributeValue.fromS(e.getValue()))));
    }

    /** Instants keep their full precision as ISO-8601 text. */
    static AttributeValue instant(Instant value) {
        return AttributeValue.fromS(value.toString());
    }

    static AttributeValue json(Object value) {
        try {
            return AttributeValue.fromS(STORED_JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    public static long number(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : Long.parseLong(value.n());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }

    static Map<String, String> stringMap(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        return value.m().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().s()));
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String text = string(item, name);
        return text == null ? null : Instant.parse(text);
    }

    static <T> T json(Map<String, AttributeValue> item, String name, Class<T> type, T absent) {
        String text = string(item, name);
        if (text == null) {
            return absent;
        }
        try {
            return STORED_JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored attribute '" + name + "' is not a valid " + type.getSimpleName(), e);
        }
    }
}

package io.llmux.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.json.TypedFields;

/**
 * Typed reads of request fields ({@link TypedFields}) with OpenAI's wording: errors name the field
 * by its JSON path ({@code messages[2].content}), as OpenAI's {@code param} does.
 */
final class FieldReader {

    private static final TypedFields FIELDS = new TypedFields(new TypedFields.Wording() {
        @Override
        public GatewayException missing(String path) {
            return GatewayException.invalid(path, "Missing required parameter: '" + path + "'.");
        }

        @Override
        public GatewayException wrongType(String path, String expected, JsonNode actual) {
            return FieldReader.wrongType(path, expected, actual);
        }

        @Override
        public GatewayException outOfRange(String path, String noun, String min, String max, String actual) {
            return GatewayException.invalid(path, "Invalid '" + path + "': " + actual
                    + " is out of range; expected " + noun + " between " + min + " and " + max + ".");
        }
    });

    private FieldReader() {
    }

    static boolean absent(JsonNode node) {
        return Json.absent(node);
    }

    static String requiredString(JsonNode parent, String field, String path) {
        return FIELDS.requiredString(parent, field, path);
    }

    static String optionalString(JsonNode parent, String field, String path) {
        return FIELDS.optionalString(parent, field, path);
    }

    static boolean optionalBoolean(JsonNode parent, String field, String path) {
        return FIELDS.optionalBoolean(parent, field, path);
    }

    /** A top-level integer field in [min, max], or null when absent. */
    static Integer optionalInt(JsonNode parent, String field, long min, long max) {
        Long value = FIELDS.optionalInteger(parent, field, field, min, max);
        return value == null ? null : value.intValue();
    }

    /** Checks a top-level number field is in [min, max] when present. */
    static void optionalNumber(JsonNode parent, String field, double min, double max) {
        FIELDS.optionalNumber(parent, field, field, min, max);
    }

    static GatewayException wrongType(String path, String expected, JsonNode actual) {
        return GatewayException.invalid(path, "Invalid type for '" + path + "': expected " + expected
                + ", but got " + Json.describe(actual) + ".");
    }
}

package io.llmux.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;

/**
 * Typed reads of optional request fields with errors that name the field by its JSON path
 * ({@code messages[2].content}), as OpenAI's {@code param} does.
 */
final class FieldReader {

    private FieldReader() {
    }

    static boolean absent(JsonNode node) {
        return Json.absent(node);
    }

    static String requiredString(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            throw GatewayException.invalid(path, "Missing required parameter: '" + path + "'.");
        }
        if (!node.isTextual()) {
            throw wrongType(path, "a string", node);
        }
        return node.textValue();
    }

    static String optionalString(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(path, "a string", node);
        }
        return node.textValue();
    }

    static boolean optionalBoolean(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw wrongType(path, "a boolean", node);
        }
        return node.booleanValue();
    }

    static Integer optionalInt(JsonNode parent, String field, long min, long max) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(field, "an integer", node);
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw GatewayException.invalid(field, "Invalid '" + field + "': " + value
                    + " is out of range; expected a value between " + min + " and " + max + ".");
        }
        return (int) value;
    }

    static void optionalNumber(JsonNode parent, String field, double min, double max) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return;
        }
        if (!node.isNumber()) {
            throw wrongType(field, "a number", node);
        }
        double value = node.doubleValue();
        if (!(value >= min && value <= max)) {
            throw GatewayException.invalid(field, "Invalid '" + field + "': " + node.asText()
                    + " is out of range; expected a number between " + min + " and " + max + ".");
        }
    }

    static GatewayException wrongType(String path, String expected, JsonNode actual) {
        return GatewayException.invalid(path, "Invalid type for '" + path + "': expected " + expected
                + ", but got " + Json.describe(actual) + ".");
    }
}

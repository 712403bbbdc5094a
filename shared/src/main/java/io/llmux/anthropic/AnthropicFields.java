package io.llmux.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;

/**
 * Typed reads of request fields, with errors worded as Anthropic's API words them: the field's
 * dotted path first ({@code messages.2.content.0.text: Field required}). Anthropic's error object
 * has no {@code param}, so the path in the message is how a client learns which field is at fault;
 * the path is also kept as the {@link GatewayException#param()} for logs and tests.
 */
final class AnthropicFields {

    private AnthropicFields() {
    }

    static boolean absent(JsonNode node) {
        return Json.absent(node);
    }

    static GatewayException invalid(String path, String problem) {
        return GatewayException.invalid(path, path + ": " + problem);
    }

    static GatewayException missing(String path) {
        return invalid(path, "Field required.");
    }

    static GatewayException wrongType(String path, String expected, JsonNode actual) {
        return invalid(path, "Input should be " + expected + ", but got " + Json.describe(actual) + ".");
    }

    static JsonNode required(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            throw missing(path);
        }
        return node;
    }

    static String requiredString(JsonNode parent, String field, String path) {
        JsonNode node = required(parent, field, path);
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

    /** An integer in [min, max], or null when absent. */
    static Long optionalInteger(JsonNode parent, String field, String path, long min, long max) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        return integer(node, path, min, max);
    }

    static long integer(JsonNode node, String path, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(path, "an integer", node);
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw invalid(path, "Input should be between " + min + " and " + max + ", but got " + value + ".");
        }
        return value;
    }

    /** A number in [min, max], or null when absent. */
    static JsonNode optionalNumber(JsonNode parent, String field, String path, double min, double max) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber()) {
            throw wrongType(path, "a number", node);
        }
        double value = node.doubleValue();
        if (!(value >= min && value <= max)) {
            throw invalid(path, "Input should be between " + min + " and " + max + ", but got " + node.asText() + ".");
        }
        return node;
    }

    static JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "an object", node);
        }
        return node;
    }

    static JsonNode array(JsonNode node, String path) {
        if (!node.isArray()) {
            throw wrongType(path, "an array", node);
        }
        return node;
    }
}

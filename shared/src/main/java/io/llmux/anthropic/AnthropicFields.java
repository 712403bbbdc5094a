package io.llmux.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.json.TypedFields;

/**
 * Typed reads of request fields, with errors worded as Anthropic's API words them: the field's
 * dotted path first ({@code messages.2.content.0.text: Field required}). Anthropic's error object
 * has no {@code param}, so the path in the message is how a client learns which field is at fault;
 * the path is also kept as the {@link GatewayException#param()} for logs and tests.
 */
final class AnthropicFields {

    private static final TypedFields FIELDS = new TypedFields(new TypedFields.Wording() {
        @Override
        public GatewayException missing(String path) {
            return AnthropicFields.missing(path);
        }

        @Override
        public GatewayException wrongType(String path, String expected, JsonNode actual) {
            return AnthropicFields.wrongType(path, expected, actual);
        }

        @Override
        public GatewayException outOfRange(String path, String noun, String min, String max, String actual) {
            return invalid(path, "Input should be between " + min + " and " + max + ", but got " + actual + ".");
        }
    });

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
        return FIELDS.required(parent, field, path);
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

    /** An integer in [min, max], or null when absent. */
    static Long optionalInteger(JsonNode parent, String field, String path, long min, long max) {
        return FIELDS.optionalInteger(parent, field, path, min, max);
    }

    static long integer(JsonNode node, String path, long min, long max) {
        return FIELDS.integer(node, path, min, max);
    }

    /** A number in [min, max], or null when absent. */
    static JsonNode optionalNumber(JsonNode parent, String field, String path, double min, double max) {
        return FIELDS.optionalNumber(parent, field, path, min, max);
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

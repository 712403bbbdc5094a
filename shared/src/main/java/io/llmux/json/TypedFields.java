package io.llmux.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;

/**
 * Typed reads of request fields (required or optional strings, booleans, integers and numbers in a
 * range), each failure a 400 built by the API's own {@link Wording}: the OpenAI and Anthropic
 * routes read the same way and differ only in how they word what is wrong.
 */
public final class TypedFields {

    /** How one API words a field's errors; {@code path} names the field as that API does. */
    public interface Wording {

        GatewayException missing(String path);

        GatewayException wrongType(String path, String expected, JsonNode actual);

        /**
         * @param noun   "a value" for integers, "a number" for numbers
         * @param actual the value as the client wrote it
         */
        GatewayException outOfRange(String path, String noun, String min, String max, String actual);
    }

    private final Wording wording;

    public TypedFields(Wording wording) {
        this.wording = wording;
    }

    public JsonNode required(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (Json.absent(node)) {
            throw wording.missing(path);
        }
        return node;
    }

    public String requiredString(JsonNode parent, String field, String path) {
        return text(required(parent, field, path), path);
    }

    /** The string, or null when absent. */
    public String optionalString(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        return Json.absent(node) ? null : text(node, path);
    }

    /** The boolean, or false when absent. */
    public boolean optionalBoolean(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (Json.absent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw wording.wrongType(path, "a boolean", node);
        }
        return node.booleanValue();
    }

    /** An integer in [min, max], or null when absent. */
    public Long optionalInteger(JsonNode parent, String field, String path, long min, long max) {
        JsonNode node = parent.get(field);
        return Json.absent(node) ? null : integer(node, path, min, max);
    }

    public long integer(JsonNode node, String path, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wording.wrongType(path, "an integer", node);
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw wording.outOfRange(path, "a value", String.valueOf(min), String.valueOf(max), String.valueOf(value));
        }
        return value;
    }

    /** A number in [min, max], or null when absent. */
    public JsonNode optionalNumber(JsonNode parent, String field, String path, double min, double max) {
        JsonNode node = parent.get(field);
        if (Json.absent(node)) {
            return null;
        }
        if (!node.isNumber()) {
            throw wording.wrongType(path, "a number", node);
        }
        double value = node.doubleValue();
        if (!(value >= min && value <= max)) {
            throw wording.outOfRange(path, "a number", String.valueOf(min), String.valueOf(max), node.asText());
        }
        return node;
    }

    private String text(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw wording.wrongType(path, "a string", node);
        }
        return node.textValue();
    }
}

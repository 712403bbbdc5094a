package io.llmux.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * OpenAI's document declares OpenAPI 3.1 (whose schemas are JSON Schema 2020-12) but still
 * writes "or null" the OpenAPI 3.0 way in about a hundred places: {@code nullable: true}. A
 * 2020-12 validator ignores that keyword and would reject nulls OpenAI itself sends (the
 * {@code usage: null} of every stream chunk, a null {@code finish_reason}), so it is rewritten
 * into 2020-12 before compiling:
 * <ul>
 *   <li>{@code type: X} becomes {@code type: [X, "null"]} (an array of types gains "null");</li>
 *   <li>an {@code enum} gains a {@code null} member, since enum is checked on its own;</li>
 *   <li>a schema without {@code type} ({@code $ref}, {@code oneOf}, {@code anyOf} with
 *       {@code nullable}) becomes {@code anyOf: [<the schema>, {type: "null"}]}.</li>
 * </ul>
 * {@code nullable: false} is simply dropped. Only boolean values are touched, so a property
 * that happens to be called "nullable" is left alone.
 */
final class OpenApi30Nullable {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenApi30Nullable() {
    }

    static JsonNode toJsonSchema(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                toJsonSchema(field.getValue());
            }
            JsonNode nullable = object.get("nullable");
            if (nullable != null && nullable.isBoolean()) {
                object.remove("nullable");
                if (nullable.booleanValue()) {
                    allowNull(object);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode item : array) {
                toJsonSchema(item);
            }
        }
        return node;
    }

    private static void allowNull(ObjectNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            ObjectNode original = schema.deepCopy();
            schema.removeAll();
            ArrayNode anyOf = schema.putArray("anyOf");
            anyOf.add(original);
            anyOf.addObject().put("type", "null");
            return;
        }
        if (type.isTextual() && !type.textValue().equals("null")) {
            schema.putArray("type").add(type.textValue()).add("null");
        } else if (type.isArray() && !contains(type, NODES.textNode("null"))) {
            ((ArrayNode) type).add("null");
        }
        JsonNode values = schema.get("enum");
        if (values instanceof ArrayNode array && !contains(array, NODES.nullNode())) {
            array.addNull();
        }
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }
}

package io.llmux.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JSON Schema (OpenAI's tool parameters and json_schema response formats) into the
 * OpenAPI 3.0 subset Gemini's {@code Schema} accepts. Gemini rejects a request that carries a
 * keyword it does not know, and JSON Schema has many, so this keeps only the known ones:
 * <ul>
 *   <li>kept: type, format, title, description, nullable, enum, items, properties, required,
 *       anyOf, minItems, maxItems, minProperties, maxProperties, minLength, maxLength, pattern,
 *       minimum, maximum, default, example, propertyOrdering;</li>
 *   <li>rewritten: {@code type: ["string","null"]} becomes type STRING with nullable true;
 *       {@code const: x} becomes {@code enum: [x]}; {@code oneOf} becomes anyOf; local
 *       {@code $ref}s ({@code #/$defs/...}, {@code #/definitions/...}) are inlined, up to a depth
 *       that stops recursive schemas;</li>
 *   <li>dropped: everything else, e.g. additionalProperties, $schema, $id, $defs, allOf, not,
 *       patternProperties, exclusiveMinimum, examples, strict.</li>
 * </ul>
 * The model then sees a looser schema than the client wrote; it still gets every property, type
 * and description, which is what guides it.
 */
final class GeminiSchemaMapper {

    private static final Set<String> COPIED = Set.of("format", "title", "description", "nullable", "enum",
            "minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength", "pattern",
            "minimum", "maximum", "default", "example", "propertyOrdering");
    private static final int MAX_REF_DEPTH = 16;

    private GeminiSchemaMapper() {
    }

    /** The Gemini schema for {@code schema}; {@code param} names the client's field in errors. */
    static ObjectNode map(JsonNode schema, String param) {
        return map(schema, schema, param, 0);
    }

    private static ObjectNode map(JsonNode schema, JsonNode root, String param, int depth) {
        ObjectNode out = Json.NODES.objectNode();
        if (schema == null || !schema.isObject()) {
            return out;
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null && ref.isTextual()) {
            if (depth >= MAX_REF_DEPTH) {
                throw GatewayException.invalid(param, "Invalid '" + param + "': the schema nests $ref more than "
                        + MAX_REF_DEPTH + " deep (a recursive schema), which Gemini cannot express.");
            }
            ObjectNode resolved = map(resolve(ref.textValue(), root, param), root, param, depth + 1);
            // Keywords beside a $ref (a description, usually) refine the referenced schema.
            ObjectNode local = schema.deepCopy();
            local.remove("$ref");
            resolved.setAll(map(local, root, param, depth));
            return resolved;
        }
        type(schema.get("type"), out);
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "properties" -> {
                    if (value.isObject()) {
                        ObjectNode properties = out.putObject("properties");
                        value.properties().forEach(p -> properties.set(p.getKey(), map(p.getValue(), root, param, depth)));
                    }
                }
                case "items" -> out.set("items", map(value, root, param, depth));
                case "anyOf", "oneOf" -> {
                    if (value.isArray()) {
                        ArrayNode anyOf = out.withArray("anyOf");
                        for (JsonNode option : value) {
                            if (isNullType(option)) {
                                out.put("nullable", true);
                            } else {
                                anyOf.add(map(option, root, param, depth));
                            }
                        }
                    }
                }
                case "required" -> {
                    if (value.isArray()) {
                        out.set("required", value);
                    }
                }
                case "const" -> out.putArray("enum").add(value);
                default -> {
                    if (COPIED.contains(key)) {
                        out.set(key, value);
                    }
                }
            }
        }
        ArrayNode anyOf = out.has("anyOf") ? (ArrayNode) out.get("anyOf") : null;
        if (anyOf != null && anyOf.size() == 1 && !out.has("type")) {
            // anyOf [X, null] is how JSON Schema says "nullable X": fold it back into X.
            ObjectNode only = (ObjectNode) anyOf.get(0);
            out.remove("anyOf");
            ObjectNode merged = only.deepCopy();
            merged.setAll(out);
            return merged;
        }
        if (out.has("enum") && !out.has("type")) {
            out.put("type", "STRING");
        }
        if (out.has("enum") && "STRING".equals(out.path("type").asText())) {
            // Gemini's enums are strings; a JSON Schema enum may hold numbers or booleans.
            ArrayNode strings = Json.NODES.arrayNode();
            out.get("enum").forEach(v -> strings.add(v.isTextual() ? v.textValue() : v.toString()));
            out.set("enum", strings);
        }
        return out;
    }

    /** JSON Schema's type (a name or a list of names with "null") as Gemini's type and nullable. */
    private static void type(JsonNode type, ObjectNode out) {
        if (type == null) {
            return;
        }
        if (type.isTextual()) {
            if (!"null".equals(type.textValue())) {
                out.put("type", type.textValue().toUpperCase(Locale.ROOT));
            }
            return;
        }
        if (type.isArray()) {
            for (JsonNode name : type) {
                if ("null".equals(name.asText())) {
                    out.put("nullable", true);
                } else if (!out.has("type")) {
                    out.put("type", name.asText().toUpperCase(Locale.ROOT));
                }
            }
        }
    }

    private static boolean isNullType(JsonNode schema) {
        return schema.isObject() && "null".equals(schema.path("type").asText()) && schema.size() == 1;
    }

    private static JsonNode resolve(String ref, JsonNode root, String param) {
        if (!ref.startsWith("#/")) {
            throw GatewayException.invalid(param, "Invalid '" + param + "': only local $refs (#/...) can be sent to Gemini, not '"
                    + ref + "'.");
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw GatewayException.invalid(param, "Invalid '" + param + "': the $ref '" + ref + "' points nowhere in the schema.");
        }
        return target;
    }
}

package io.llmux.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;

/**
 * Converts between Jackson trees (the gateway's JSON) and the SDK's {@link Document}, the type
 * Bedrock uses for free-form JSON: tool input schemas, tool arguments, pass-through model fields.
 * The SDK offers no bridge to Jackson, so this walks the tree; numbers keep their exact digits.
 */
final class BedrockDocuments {

    private BedrockDocuments() {
    }

    static Document fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Document.fromNull();
        }
        if (node.isObject()) {
            Map<String, Document> members = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                members.put(field.getKey(), fromJson(field.getValue()));
            }
            return Document.fromMap(members);
        }
        if (node.isArray()) {
            List<Document> items = new ArrayList<>(node.size());
            node.forEach(item -> items.add(fromJson(item)));
            return Document.fromList(items);
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.booleanValue());
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? Document.fromNumber(node.longValue()) : Document.fromNumber(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            return Document.fromNumber(node.decimalValue());
        }
        return Document.fromString(node.asText());
    }

    static JsonNode toJson(Document document) {
        if (document == null || document.isNull()) {
            return Json.NODES.nullNode();
        }
        if (document.isMap()) {
            ObjectNode object = Json.NODES.objectNode();
            document.asMap().forEach((name, value) -> object.set(name, toJson(value)));
            return object;
        }
        if (document.isList()) {
            ArrayNode array = Json.NODES.arrayNode();
            document.asList().forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (document.isBoolean()) {
            return Json.NODES.booleanNode(document.asBoolean());
        }
        if (document.isNumber()) {
            BigDecimal exact = document.asNumber().bigDecimalValue();
            return exact.scale() <= 0 ? Json.NODES.numberNode(exact.toBigIntegerExact()) : Json.NODES.numberNode(exact);
        }
        return Json.NODES.textNode(document.asString());
    }

    /** A document as compact JSON text: OpenAI carries tool arguments as a string. */
    static String toJsonText(Document document) {
        try {
            return Json.MAPPER.writeValueAsString(toJson(document));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

package io.llmux.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import java.io.IOException;

/** Turns a request body into a JSON object, or a 400 that says what is wrong with it. */
public final class JsonBodyReader {

    private JsonBodyReader() {
    }

    public static ObjectNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalid(null, "The request body is empty. Send a JSON object.");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw GatewayException.invalid(null, "The JSON body nests deeper than "
                    + Json.MAX_NESTING_DEPTH + " levels.");
        } catch (JsonProcessingException e) {
            // getOriginalMessage() leaves out Jackson's echo of the source: the body is the
            // client's data and may hold secrets; it has no place in an error or a log.
            throw GatewayException.invalid(null, "We could not parse the JSON body of your request ("
                    + e.getOriginalMessage() + ").");
        } catch (IOException e) {
            throw GatewayException.invalid(null, "We could not read the body of your request.");
        }
        if (node == null || node.isMissingNode()) {
            throw GatewayException.invalid(null, "The request body is empty. Send a JSON object.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw GatewayException.invalid(null, "The request body must be a JSON object, not " + describe(node) + ".");
        }
        return object;
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case OBJECT, POJO -> "an object";
            default -> "a " + node.getNodeType().name().toLowerCase();
        };
    }
}

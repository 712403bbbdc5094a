package io.llmux.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import java.io.IOException;
import java.util.regex.Pattern;

/** Turns a request body into a JSON object, or a 400 that says what is wrong with it. */
public final class JsonBodyReader {

    private static final Pattern PARSER_HINT = Pattern.compile("[:;,]? *(?:enable|disable) `[^`]*` to (?:allow|accept)");

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
            throw GatewayException.invalid(null, e.getMessage() != null && e.getMessage().contains("nesting depth")
                    ? "The JSON body nests deeper than " + Json.MAX_NESTING_DEPTH + " levels."
                    : "The JSON body holds a number, string or field name longer than this gateway accepts.");
        } catch (StreamReadException e) {
            // getOriginalMessage() leaves out Jackson's echo of the source: the body is the
            // client's data and may hold secrets; it has no place in an error or a log.
            throw GatewayException.invalid(null, "We could not parse the JSON body of your request ("
                    + withoutParserHints(e.getOriginalMessage()) + ").");
        } catch (JsonProcessingException e) {
            // Past the parser, the only failure readTree has is content after the first value;
            // its Jackson message names Java types, which are no business of the client's.
            throw GatewayException.invalid(null, "We could not parse the JSON body of your request"
                    + " (unexpected content after the JSON object).");
        } catch (IOException e) {
            throw GatewayException.invalid(null, "We could not read the body of your request.");
        }
        if (node == null || node.isMissingNode()) {
            throw GatewayException.invalid(null, "The request body is empty. Send a JSON object.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw GatewayException.invalid(null, "The request body must be a JSON object, not " + Json.describe(node) + ".");
        }
        return object;
    }

    /**
     * Jackson's parse messages end some errors with advice for the Java programmer ("enable
     * `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"): the client can do nothing with it.
     */
    static String withoutParserHints(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        String text = PARSER_HINT.matcher(message).replaceAll("");
        return text.indexOf('`') >= 0 ? "malformed JSON" : text;
    }
}

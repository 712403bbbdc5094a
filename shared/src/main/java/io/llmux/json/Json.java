package io.llmux.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The one JSON mapper of the gateway's request path. Jackson trees are used for bodies so that
 * fields LLMux does not interpret pass through to providers untouched.
 *
 * <p>The read constraints are tighter than Jackson's defaults because the input is hostile by
 * assumption: deep nesting is a cheap denial-of-service, and no legitimate chat body nests 64 deep
 * (tool JSON schemas included).
 */
public final class Json {

    public static final int MAX_NESTING_DEPTH = 64;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** Whether a field is effectively not there: missing, or JSON null. */
    public static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** What a node is, for error messages: "an array", "a string", "null", ... */
    public static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case OBJECT, POJO -> "an object";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}

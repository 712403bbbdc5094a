package io.llmux.openai;

import static io.llmux.openai.FieldReader.absent;
import static io.llmux.openai.FieldReader.optionalInt;
import static io.llmux.openai.FieldReader.optionalString;
import static io.llmux.openai.FieldReader.requiredString;
import static io.llmux.openai.FieldReader.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.error.GatewayException;
import java.util.ArrayList;
import java.util.List;

/** Validates an embeddings body by the rules of OpenAI's CreateEmbeddingRequest. */
public final class EmbeddingRequestParser {

    /** OpenAI's limit on inputs per request. */
    private static final int MAX_INPUTS = 2048;

    private EmbeddingRequestParser() {
    }

    public static EmbeddingRequest parse(byte[] body) {
        ObjectNode root = JsonBodyReader.readObject(body);
        String model = requiredString(root, "model", "model");
        if (model.isBlank()) {
            throw GatewayException.invalid("model", "Invalid 'model': the model name is empty.");
        }
        JsonNode input = root.get("input");
        if (absent(input)) {
            throw GatewayException.invalid("input", "Missing required parameter: 'input'.");
        }
        List<String> texts = new ArrayList<>();
        int count;
        if (input.isTextual()) {
            texts.add(nonEmpty(input.textValue(), "input"));
            count = 1;
        } else if (input.isArray()) {
            if (input.isEmpty()) {
                throw GatewayException.invalid("input", "Invalid 'input': empty array. Expected at least one input.");
            }
            if (input.size() > MAX_INPUTS) {
                throw GatewayException.invalid("input", "Invalid 'input': at most " + MAX_INPUTS + " inputs are allowed per request.");
            }
            count = arrayInput(input, texts);
        } else {
            throw wrongType("input", "a string or an array", input);
        }
        String format = optionalString(root, "encoding_format", "encoding_format");
        if (format != null && !format.equals("float") && !format.equals("base64")) {
            throw GatewayException.invalid("encoding_format", "Invalid value for 'encoding_format': '" + format
                    + "'. Supported values are: 'float' and 'base64'.");
        }
        Integer dimensions = optionalInt(root, "dimensions", 1, 16_384);
        optionalString(root, "user", "user");
        return new EmbeddingRequest(model, texts, count, "base64".equals(format), dimensions, root);
    }

    private static int arrayInput(JsonNode input, List<String> texts) {
        JsonNode first = input.get(0);
        if (first.isIntegralNumber()) {
            tokenArray(input, "input");
            return 1;
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String path = "input[" + i + "]";
            if (item.isTextual()) {
                texts.add(nonEmpty(item.textValue(), path));
            } else if (item.isArray()) {
                if (item.isEmpty()) {
                    throw GatewayException.invalid(path, "Invalid '" + path + "': empty token array.");
                }
                tokenArray(item, path);
            } else {
                throw wrongType(path, "a string or an array of token ids", item);
            }
        }
        return input.size();
    }

    private static void tokenArray(JsonNode tokens, String path) {
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode token = tokens.get(i);
            if (!token.isIntegralNumber() || token.longValue() < 0 || token.longValue() > Integer.MAX_VALUE) {
                throw GatewayException.invalid(path + "[" + i + "]", "Invalid '" + path + "[" + i
                        + "]': expected a non-negative integer token id.");
            }
        }
    }

    private static String nonEmpty(String text, String path) {
        if (text.isEmpty()) {
            throw GatewayException.invalid(path, "Invalid '" + path + "': the input is an empty string.");
        }
        return text;
    }
}

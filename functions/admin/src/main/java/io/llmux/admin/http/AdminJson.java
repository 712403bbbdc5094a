package io.llmux.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import java.io.IOException;

/**
 * JSON of the admin API: snake_case, and strict, because a typo in an admin request should be an
 * error that names the field, not a setting silently ignored ("5" is not a number, 1.5 is not an
 * integer, an unknown field is refused).
 */
public final class AdminJson {

    private static final ObjectMapper MAPPER = strict(Json.MAPPER.copy());

    private AdminJson() {
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** The body as a tree: it must be one JSON object. */
    public static JsonNode tree(byte[] body) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw GatewayException.invalid(null, "The request body nests too deeply or holds a value that is too long.");
        } catch (IOException e) {
            throw GatewayException.invalid(null, "The request body is not valid JSON.");
        }
        if (tree == null || !tree.isObject()) {
            throw GatewayException.invalid(null, "The request body must be a JSON object.");
        }
        return tree;
    }

    /** Binds a tree to a request record; a mismatch is a 400 naming the field. */
    public static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw GatewayException.invalid(field, "Unknown field '" + field + "'.");
        } catch (InputCoercionException e) {
            throw GatewayException.invalid(null, "A number in the request body is out of range.");
        } catch (MismatchedInputException e) {
            String field = path(e);
            String expected = describe(e.getTargetType());
            throw GatewayException.invalid(field, field == null ? "The request body must be a JSON object."
                    : "'" + field + "' must be " + expected + ".");
        } catch (JsonMappingException e) {
            String field = path(e);
            throw GatewayException.invalid(field, field == null ? "The request body could not be read."
                    : "'" + field + "' has a value of the wrong type.");
        } catch (JsonProcessingException e) {
            throw GatewayException.invalid(null, "The request body could not be read.");
        }
    }

    /** The JSON path of the failing value, e.g. {@code settings.allowed_models[2]}, or null for the root. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}

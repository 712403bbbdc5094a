package io.llmux.admin.testing;

import io.llmux.testing.RawHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/** Every admin error is OpenAI's {@code {"error":{message,type,param,code}}}, with no stack trace. */
public final class ErrorAssertions {

    private ErrorAssertions() {
    }

    /** Asserts the status, the shape and {@code error.param}; returns the error object. */
    public static JsonNode assertError(RawHttp.Response response, int status, String param) {
        assertEquals(status, response.status(), response::toString);
        assertTrue(response.header("Content-Type").startsWith("application/json"), response::toString);
        JsonNode error = response.json().path("error");
        assertTrue(error.isObject(), response::toString);
        assertFalse(error.path("message").asText().isBlank(), response::toString);
        assertTrue(error.has("type") && error.has("param") && error.has("code"), response::toString);
        assertEquals(param, error.path("param").isNull() ? null : error.path("param").asText(), response::toString);
        assertFalse(response.body().contains("Exception") || response.body().contains("at io."), response::toString);
        assertNotNull(response.header("x-request-id"), "x-request-id");
        return error;
    }
}

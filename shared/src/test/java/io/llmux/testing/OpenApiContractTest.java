package io.llmux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator itself: a contract check that cannot fail would prove nothing. */
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CHUNK = """
            {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m",
             "choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"logprobs":null,"finish_reason":null}],
             "usage":null}""";

    @Test
    void acceptsAnErrorInOpenAisShape() {
        OpenApiContract.assertValid("ErrorResponse", """
                {"error":{"message":"Bad","type":"invalid_request_error","param":"model","code":null}}""");
    }

    @Test
    void reportsEachViolationWithItsLocation() {
        List<String> violations = OpenApiContract.violations("ErrorResponse", json("""
                {"error":{"message":42,"type":"invalid_request_error","code":null}}"""));
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("/error/message")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("param")), violations.toString());
        AssertionError error = assertThrows(AssertionError.class,
                () -> OpenApiContract.assertValid("ErrorResponse", "{\"error\":{}}"));
        assertTrue(error.getMessage().contains("ErrorResponse"), error.getMessage());
    }

    @Test
    void nullsThatTheSpecMarksNullableAreAccepted() {
        // usage ($ref + nullable), logprobs (object + nullable) and finish_reason (enum + nullable)
        OpenApiContract.assertValid("CreateChatCompletionStreamResponse", CHUNK);
    }

    @Test
    void valuesOutsideAnEnumAreRejected() {
        List<String> violations = OpenApiContract.violations("CreateChatCompletionStreamResponse",
                json(CHUNK.replace("\"finish_reason\":null", "\"finish_reason\":\"tired\"")));
        assertFalse(violations.isEmpty());
        assertTrue(violations.toString().contains("/choices/0/finish_reason"), violations.toString());
    }

    @Test
    void anUnknownSchemaNameIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> OpenApiContract.violations("NoSuchSchema", json("{}")));
    }

    @Test
    void aMissingSpecFailsLoudlyNamingThePath() {
        String configured = System.getProperty(OpenApiContract.SPEC_PROPERTY);
        try {
            System.setProperty(OpenApiContract.SPEC_PROPERTY, "/nonexistent/specs/openapi.yaml");
            IllegalStateException error = assertThrows(IllegalStateException.class, OpenApiContract::specPath);
            assertTrue(error.getMessage().contains("/nonexistent/specs/openapi.yaml"), error.getMessage());
            System.clearProperty(OpenApiContract.SPEC_PROPERTY);
            error = assertThrows(IllegalStateException.class, OpenApiContract::specPath);
            assertTrue(error.getMessage().contains(OpenApiContract.SPEC_PROPERTY), error.getMessage());
        } finally {
            if (configured != null) {
                System.setProperty(OpenApiContract.SPEC_PROPERTY, configured);
            }
        }
    }

    @Test
    void nullableBecomesA2020UnionOfTypes() {
        JsonNode converted = OpenApi30Nullable.toJsonSchema(json("""
                {"properties":{
                   "a":{"type":"integer","nullable":true},
                   "b":{"type":"string","enum":["x","y"],"nullable":true},
                   "c":{"$ref":"#/components/schemas/C","nullable":true,"description":"d"},
                   "d":{"type":"string","nullable":false},
                   "nullable":{"type":"boolean"}}}"""));
        JsonNode properties = converted.get("properties");
        assertEquals(json("{\"type\":[\"integer\",\"null\"]}"), properties.get("a"));
        assertEquals(json("{\"type\":[\"string\",\"null\"],\"enum\":[\"x\",\"y\",null]}"), properties.get("b"));
        assertEquals(json("{\"anyOf\":[{\"$ref\":\"#/components/schemas/C\",\"description\":\"d\"},{\"type\":\"null\"}]}"), properties.get("c"));
        assertEquals(json("{\"type\":\"string\"}"), properties.get("d"));
        assertEquals(json("{\"type\":\"boolean\"}"), properties.get("nullable"));
    }

    @Test
    void aStreamIsValidatedEventByEvent() {
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(
                "data: " + CHUNK.replace("\n", "") + "\n\n: keep-alive\n\ndata: " + CHUNK.replace("\n", "") + "\n\ndata: [DONE]\n\n");
        assertEquals(2, events.chunks().size());
        assertTrue(events.done());
        assertNull(events.error());
    }

    @Test
    void aStreamMayEndWithOneErrorEvent() {
        OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream("data: " + CHUNK.replace("\n", "")
                + "\n\ndata: {\"error\":{\"message\":\"cut\",\"type\":\"upstream_error\",\"param\":null,\"code\":null}}\n\n");
        assertFalse(events.done());
        assertEquals("cut", events.error().path("error").path("message").asText());
    }

    @Test
    void brokenStreamsAreRejected() {
        String chunk = "data: " + CHUNK.replace("\n", "") + "\n\n";
        assertThrows(AssertionError.class, () -> OpenApiContract.assertValidStream(chunk), "no [DONE]");
        assertThrows(AssertionError.class, () -> OpenApiContract.assertValidStream(chunk + "data: [DONE]\n\n" + chunk), "event after [DONE]");
        assertThrows(AssertionError.class, () -> OpenApiContract.assertValidStream(chunk + "data: [DONE]"), "unterminated event");
        assertThrows(AssertionError.class, () -> OpenApiContract.assertValidStream(
                chunk.replace("\"model\":\"m\",", "") + "data: [DONE]\n\n"), "chunk without model");
        assertThrows(AssertionError.class, () -> OpenApiContract.assertValidStream("data: {not json\n\ndata: [DONE]\n\n"), "not JSON");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}

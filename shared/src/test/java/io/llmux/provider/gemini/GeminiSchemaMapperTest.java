package io.llmux.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import org.junit.jupiter.api.Test;

class GeminiSchemaMapperTest {

    private static JsonNode map(String schema) throws Exception {
        return GeminiSchemaMapper.map(Json.MAPPER.readTree(schema), "tools[0].function.parameters");
    }

    @Test
    void keepsWhatGeminiKnowsAndDropsTheRest() throws Exception {
        JsonNode out = map("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","additionalProperties":false,
                 "description":"A query","properties":{
                   "city":{"type":"string","minLength":1,"examples":["Oslo"]},
                   "days":{"type":"integer","minimum":1,"maximum":7,"exclusiveMaximum":8},
                   "tags":{"type":"array","items":{"type":"string","enum":["a","b"]},"maxItems":3}},
                 "required":["city"]}""");
        assertEquals("OBJECT", out.path("type").asText());
        assertEquals("A query", out.path("description").asText());
        assertFalse(out.has("$schema") || out.has("additionalProperties"), out.toString());
        assertEquals("STRING", out.at("/properties/city/type").asText());
        assertEquals(1, out.at("/properties/city/minLength").asInt());
        assertFalse(out.at("/properties/city").has("examples"));
        assertEquals(7, out.at("/properties/days/maximum").asInt());
        assertFalse(out.at("/properties/days").has("exclusiveMaximum"));
        assertEquals("STRING", out.at("/properties/tags/items/type").asText());
        assertEquals("b", out.at("/properties/tags/items/enum/1").asText());
        assertEquals("city", out.at("/required/0").asText());
    }

    @Test
    void nullableTypesConstAndOneOf() throws Exception {
        JsonNode out = map("""
                {"type":"object","properties":{
                   "a":{"type":["string","null"]},
                   "b":{"anyOf":[{"type":"integer"},{"type":"null"}],"description":"maybe a number"},
                   "c":{"const":"fixed"},
                   "d":{"oneOf":[{"type":"string"},{"type":"number"}]},
                   "e":{"enum":[1,2]}}}""");
        assertEquals("STRING", out.at("/properties/a/type").asText());
        assertTrue(out.at("/properties/a/nullable").asBoolean());
        assertEquals("INTEGER", out.at("/properties/b/type").asText());
        assertTrue(out.at("/properties/b/nullable").asBoolean());
        assertEquals("maybe a number", out.at("/properties/b/description").asText());
        assertEquals("fixed", out.at("/properties/c/enum/0").asText());
        assertEquals(2, out.at("/properties/d/anyOf").size());
        assertEquals("STRING", out.at("/properties/e/type").asText(), "Gemini's enums are strings");
        assertEquals("1", out.at("/properties/e/enum/0").asText());
    }

    @Test
    void inlinesLocalRefsAsPydanticWritesThem() throws Exception {
        JsonNode out = map("""
                {"type":"object","$defs":{"Address":{"type":"object","properties":{"street":{"type":"string"}}}},
                 "properties":{"home":{"$ref":"#/$defs/Address","description":"Where they live"}}}""");
        assertEquals("OBJECT", out.at("/properties/home/type").asText());
        assertEquals("STRING", out.at("/properties/home/properties/street/type").asText());
        assertEquals("Where they live", out.at("/properties/home/description").asText());
        assertFalse(out.has("$defs"));
    }

    @Test
    void aRecursiveSchemaOrAForeignRefIsA400() {
        GatewayException recursive = assertThrows(GatewayException.class, () -> map("""
                {"$defs":{"Node":{"type":"object","properties":{"next":{"$ref":"#/$defs/Node"}}}},"$ref":"#/$defs/Node"}"""));
        assertEquals(400, recursive.status());
        assertEquals("tools[0].function.parameters", recursive.param());
        GatewayException foreign = assertThrows(GatewayException.class, () -> map("""
                {"type":"object","properties":{"a":{"$ref":"https://example.com/schema.json"}}}"""));
        assertEquals(400, foreign.status());
    }
}

package io.llmux.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequestParser;
import io.llmux.openai.EmbeddingRequestParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GeminiRequestMapperTest {

    private final GeminiRequestMapper mapper = new GeminiRequestMapper();

    private JsonNode map(String json) throws Exception {
        return Json.MAPPER.readTree(mapper.chat(ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void hoistsEverySystemAndDeveloperMessageIntoOneSystemInstruction() throws Exception {
        JsonNode body = map("""
                {"model":"m","messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Hi"},
                 {"role":"developer","content":[{"type":"text","text":"Answer in French."}]}]}""");
        assertEquals("Be terse.\n\nAnswer in French.", body.at("/systemInstruction/parts/0/text").asText());
        assertEquals(1, body.path("contents").size());
        assertEquals("user", body.at("/contents/0/role").asText());
    }

    @Test
    void mergesConsecutiveTurnsOfOneRoleAndGroupsParallelToolResults() throws Exception {
        JsonNode body = map("""
                {"model":"m","messages":[{"role":"user","content":"Weather in Oslo and Rome?"},
                 {"role":"assistant","content":"Checking.","tool_calls":[
                   {"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
                   {"id":"call_b","type":"function","function":{"name":"time","arguments":""}}]},
                 {"role":"tool","tool_call_id":"call_b","content":"12:00"},
                 {"role":"tool","tool_call_id":"call_a","content":"{\\"temp\\":-3}"},
                 {"role":"user","content":"Thanks"}]}""");
        JsonNode contents = body.path("contents");
        assertEquals(3, contents.size(), contents.toString());
        JsonNode model = contents.get(1);
        assertEquals("model", model.path("role").asText());
        assertEquals("Checking.", model.at("/parts/0/text").asText());
        assertEquals("Oslo", model.at("/parts/1/functionCall/args/city").asText());
        assertEquals("time", model.at("/parts/2/functionCall/name").asText());
        assertTrue(model.at("/parts/2/functionCall/args").isObject(), "empty arguments are an empty object");
        JsonNode results = contents.get(2).path("parts");
        assertEquals("user", contents.get(2).path("role").asText());
        assertEquals("time", results.at("/0/functionResponse/name").asText());
        assertEquals("12:00", results.at("/0/functionResponse/response/content").asText(), "text is wrapped in an object");
        assertEquals("weather", results.at("/1/functionResponse/name").asText());
        assertEquals(-3, results.at("/1/functionResponse/response/temp").asInt(), "a JSON object result is sent as is");
        assertEquals("Thanks", results.at("/2/text").asText());
    }

    @Test
    void aToolResultTakesTheNameOfTheNearestEarlierCallWithItsId() throws Exception {
        // Gemini's synthesized ids (call_0) repeat from one answer to the next.
        JsonNode body = map("""
                {"model":"m","messages":[{"role":"user","content":"go"},
                 {"role":"assistant","tool_calls":[{"id":"call_0","type":"function","function":{"name":"first","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_0","content":"1"},
                 {"role":"assistant","tool_calls":[{"id":"call_0","type":"function","function":{"name":"second","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"call_0","content":"2"}]}""");
        assertEquals("first", body.at("/contents/2/parts/0/functionResponse/name").asText());
        assertEquals("second", body.at("/contents/4/parts/0/functionResponse/name").asText());
    }

    @Test
    void aToolResultForAnUnknownCallIsA400NamingTheField() {
        GatewayException e = assertThrows(GatewayException.class, () -> map("""
                {"model":"m","messages":[{"role":"user","content":"go"},{"role":"tool","tool_call_id":"nope","content":"1"}]}"""));
        assertEquals(400, e.status());
        assertEquals("messages[1].tool_call_id", e.param());
    }

    @Test
    void toolArgumentsThatAreNotAJsonObjectAreA400() {
        GatewayException e = assertThrows(GatewayException.class, () -> map("""
                {"model":"m","messages":[{"role":"user","content":"go"},
                 {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1,2"}}]}]}"""));
        assertEquals("messages[1].tool_calls[0].function.arguments", e.param());
    }

    @Test
    void mapsImagesAudioAndFiles() throws Exception {
        JsonNode parts = map("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/AAAA"}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.PNG?size=2"}},
                  {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}},
                  {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}]}""")
                .at("/contents/0/parts");
        assertEquals("image/jpeg", parts.at("/0/inlineData/mimeType").asText());
        assertEquals("/9j/AAAA", parts.at("/0/inlineData/data").asText());
        assertEquals("https://example.com/cat.PNG?size=2", parts.at("/1/fileData/fileUri").asText());
        assertEquals("image/png", parts.at("/1/fileData/mimeType").asText());
        assertEquals("audio/wav", parts.at("/2/inlineData/mimeType").asText());
        assertEquals("application/pdf", parts.at("/3/inlineData/mimeType").asText());
        assertEquals("JVBERi0=", parts.at("/3/inlineData/data").asText());
    }

    @Test
    void aDataUrlThatIsNotBase64IsA400() {
        GatewayException e = assertThrows(GatewayException.class, () -> map("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,rawbytes"}}]}]}"""));
        assertEquals("messages[0].content[0].image_url.url", e.param());
    }

    @Test
    void mapsGenerationSettings() throws Exception {
        JsonNode body = map("""
                {"model":"m","temperature":0.2,"top_p":0.9,"max_completion_tokens":100,"stop":"STOP","n":2,"seed":42,
                 "presence_penalty":0.5,"user":"u-1","store":true,"logit_bias":{"1":2},
                 "response_format":{"type":"json_schema","json_schema":{"name":"r","strict":true,"schema":
                   {"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":false}}},
                 "messages":[{"role":"user","content":"hi"}]}""");
        JsonNode config = body.path("generationConfig");
        assertEquals(0.2, config.path("temperature").asDouble());
        assertEquals(0.9, config.path("topP").asDouble());
        assertEquals(100, config.path("maxOutputTokens").asInt());
        assertEquals("STOP", config.at("/stopSequences/0").asText());
        assertEquals(2, config.path("candidateCount").asInt());
        assertEquals(42, config.path("seed").asInt());
        assertEquals(0.5, config.path("presencePenalty").asDouble());
        assertEquals("application/json", config.path("responseMimeType").asText());
        assertEquals("INTEGER", config.at("/responseSchema/properties/a/type").asText());
        assertFalse(config.path("responseSchema").has("additionalProperties"));
        assertFalse(body.has("user") || body.has("store") || body.has("logit_bias") || body.has("model"), body.toString());
    }

    @Test
    void mapsToolChoice() throws Exception {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]";
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        assertEquals("NONE", map("{\"model\":\"m\"," + tools + ",\"tool_choice\":\"none\"," + messages + "}")
                .at("/toolConfig/functionCallingConfig/mode").asText());
        assertEquals("ANY", map("{\"model\":\"m\"," + tools + ",\"tool_choice\":\"required\"," + messages + "}")
                .at("/toolConfig/functionCallingConfig/mode").asText());
        JsonNode named = map("{\"model\":\"m\"," + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},"
                + messages + "}");
        assertEquals("ANY", named.at("/toolConfig/functionCallingConfig/mode").asText());
        assertEquals("f", named.at("/toolConfig/functionCallingConfig/allowedFunctionNames/0").asText());
        assertFalse(named.at("/tools/0/functionDeclarations/0").has("parameters"),
                "a function without properties is declared without parameters, which Gemini requires");
    }

    @Test
    void embeddingsAreOneRequestPerTextAndTokenArraysAreRefused() throws Exception {
        JsonNode body = Json.MAPPER.readTree(mapper.embeddings(EmbeddingRequestParser.parse(
                "{\"model\":\"gemini/text-embedding-004\",\"input\":[\"a\",\"b\"],\"dimensions\":256}".getBytes(StandardCharsets.UTF_8)),
                "text-embedding-004"));
        assertEquals(2, body.path("requests").size());
        assertEquals("models/text-embedding-004", body.at("/requests/1/model").asText());
        assertEquals("b", body.at("/requests/1/content/parts/0/text").asText());
        assertEquals(256, body.at("/requests/0/outputDimensionality").asInt());

        GatewayException e = assertThrows(GatewayException.class, () -> mapper.embeddings(EmbeddingRequestParser.parse(
                "{\"model\":\"m\",\"input\":[[1,2,3]]}".getBytes(StandardCharsets.UTF_8)), "m"));
        assertEquals("input", e.param());
    }
}

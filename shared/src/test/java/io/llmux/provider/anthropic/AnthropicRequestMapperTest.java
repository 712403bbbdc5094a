package io.llmux.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.ProviderCall;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicRequestMapperTest {

    private final AnthropicRequestMapper mapper = new AnthropicRequestMapper("anthropic", 4096);

    private JsonNode map(String openAiBody) {
        return mapper.body(new ProviderCall(ChatRequestParser.parse(openAiBody.getBytes(StandardCharsets.UTF_8)), "claude-haiku-4-5"));
    }

    private GatewayException refused(String openAiBody) {
        return assertThrows(GatewayException.class, () -> map(openAiBody));
    }

    @Test
    void everySystemAndDeveloperMessageIsHoistedAndJoined() {
        JsonNode body = map("""
                {"model":"m","messages":[{"role":"system","content":"Be terse."},
                 {"role":"user","content":"Hi"},
                 {"role":"developer","content":[{"type":"text","text":"Answer in French."}]},
                 {"role":"assistant","content":"Salut"}]}""");

        assertEquals("Be terse.\n\nAnswer in French.", body.path("system").asText());
        assertEquals(2, body.path("messages").size());
        assertEquals("user", body.at("/messages/0/role").asText());
        assertEquals("assistant", body.at("/messages/1/role").asText());
        assertEquals("claude-haiku-4-5", body.path("model").asText());
    }

    @Test
    void consecutiveTurnsOfOneRoleAreMergedAndToolResultsAreUserTurns() {
        JsonNode body = map("""
                {"model":"m","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
                 "messages":[{"role":"user","content":"Weather in Oslo"},{"role":"user","content":"and Paris?"},
                  {"role":"assistant","content":"Checking both.","tool_calls":[
                   {"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
                   {"id":"toolu_2","type":"function","function":{"name":"get_weather","arguments":""}}]},
                  {"role":"tool","tool_call_id":"toolu_1","content":"-3 C"},
                  {"role":"tool","tool_call_id":"toolu_2","content":[{"type":"text","text":"18 C"}]},
                  {"role":"user","content":"Thanks. Which is warmer?"}]}""");

        JsonNode messages = body.path("messages");
        assertEquals(3, messages.size(), messages.toString());
        assertEquals("Weather in Oslo", messages.at("/0/content/0/text").asText());
        assertEquals("and Paris?", messages.at("/0/content/1/text").asText());

        JsonNode assistant = messages.at("/1/content");
        assertEquals("text", assistant.at("/0/type").asText());
        assertEquals("tool_use", assistant.at("/1/type").asText());
        assertEquals("Oslo", assistant.at("/1/input/city").asText());
        assertEquals("toolu_2", assistant.at("/2/id").asText());
        assertTrue(assistant.at("/2/input").isObject() && assistant.at("/2/input").isEmpty(), "empty arguments are {}");

        JsonNode user = messages.at("/2/content");
        assertEquals("user", messages.at("/2/role").asText());
        assertEquals("tool_result", user.at("/0/type").asText());
        assertEquals("toolu_1", user.at("/0/tool_use_id").asText());
        assertEquals("-3 C", user.at("/0/content").asText());
        assertEquals("18 C", user.at("/1/content/0/text").asText());
        assertEquals("Thanks. Which is warmer?", user.at("/2/text").asText(), "tool results first, then the text");
    }

    @Test
    void imagesBecomeBase64OrUrlSourcesInOrder() {
        JsonNode content = map("""
                {"model":"m","messages":[{"role":"user","content":[
                 {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}},
                 {"type":"text","text":"Compare"},
                 {"type":"image_url","image_url":{"url":"data:image/webp;base64,UklGRg=="}}]}]}""").at("/messages/0/content");

        assertEquals("url", content.at("/0/source/type").asText());
        assertEquals("https://example.com/cat.jpg", content.at("/0/source/url").asText());
        assertEquals("Compare", content.at("/1/text").asText());
        assertEquals("base64", content.at("/2/source/type").asText());
        assertEquals("image/webp", content.at("/2/source/media_type").asText());
        assertEquals("UklGRg==", content.at("/2/source/data").asText());
    }

    @Test
    void imagesAnthropicCannotReadAreRefusedNamingThePart() {
        GatewayException e = refused("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"},
                 {"type":"image_url","image_url":{"url":"data:image/bmp;base64,Qk0="}}]}]}""");
        assertEquals(400, e.status());
        assertEquals("messages[0].content[1].image_url.url", e.param());
        assertTrue(e.getMessage().contains("image/bmp"), e.getMessage());
    }

    @Test
    void pdfFilesBecomeDocumentBlocks() {
        JsonNode block = map("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"filename":"a.pdf",
                 "file_data":"data:application/pdf;base64,JVBERi0="}}]}]}""").at("/messages/0/content/0");
        assertEquals("document", block.path("type").asText());
        assertEquals("application/pdf", block.at("/source/media_type").asText());
        assertEquals("JVBERi0=", block.at("/source/data").asText());
    }

    @Test
    void toolChoicesMapToAnthropicsTerms() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        assertEquals("any", map("{\"model\":\"m\"," + tools + ",\"tool_choice\":\"required\"," + messages + "}").at("/tool_choice/type").asText());
        assertEquals("none", map("{\"model\":\"m\"," + tools + ",\"tool_choice\":\"none\"," + messages + "}").at("/tool_choice/type").asText());
        JsonNode named = map("{\"model\":\"m\"," + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},"
                + messages + "}").path("tool_choice");
        assertEquals("tool", named.path("type").asText());
        assertEquals("f", named.path("name").asText());
        JsonNode serial = map("{\"model\":\"m\"," + tools + ",\"parallel_tool_calls\":false," + messages + "}");
        assertEquals("auto", serial.at("/tool_choice/type").asText());
        assertTrue(serial.at("/tool_choice/disable_parallel_tool_use").asBoolean());
        assertEquals("tool_choice.type", refused("{\"model\":\"m\"," + tools
                + ",\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{}}," + messages + "}").param());
        JsonNode declared = map("{\"model\":\"m\"," + tools + "," + messages + "}");
        assertEquals("object", declared.at("/tools/0/input_schema/type").asText(), "a tool without parameters takes an empty object");
        assertTrue(declared.path("tool_choice").isMissingNode());
    }

    @Test
    void stopLimitsAndSamplingAreCarriedAndOpenAiOnlyFieldsDropped() {
        JsonNode body = map("""
                {"model":"m","stop":"END","max_completion_tokens":77,"temperature":0.2,"top_p":0.9,"seed":7,
                 "presence_penalty":0.5,"user":"user-42","messages":[{"role":"user","content":"x"}]}""");
        assertEquals("END", body.at("/stop_sequences/0").asText());
        assertEquals(77, body.path("max_tokens").asInt());
        assertEquals(0.2, body.path("temperature").asDouble());
        assertEquals(0.9, body.path("top_p").asDouble());
        assertEquals("user-42", body.at("/metadata/user_id").asText());
        assertFalse(body.has("seed") || body.has("presence_penalty") || body.has("user") || body.has("stream"));
        assertEquals(4096, map("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").path("max_tokens").asInt());
    }

    @Test
    void reasoningEffortTurnsOnThinkingWithinTheOutputLimit() {
        JsonNode open = map("""
                {"model":"m","reasoning_effort":"high","messages":[{"role":"user","content":"x"}]}""");
        assertEquals("enabled", open.at("/thinking/type").asText());
        assertEquals(16384, open.at("/thinking/budget_tokens").asInt());
        assertEquals(4096 + 16384, open.path("max_tokens").asInt(), "the budget comes on top of the default answer length");

        JsonNode capped = map("""
                {"model":"m","reasoning_effort":"medium","max_tokens":2000,"messages":[{"role":"user","content":"x"}]}""");
        assertEquals(2000, capped.path("max_tokens").asInt());
        assertEquals(1999, capped.at("/thinking/budget_tokens").asInt(), "the budget stays below max_tokens");

        GatewayException tooSmall = refused("""
                {"model":"m","reasoning_effort":"low","max_tokens":1000,"messages":[{"role":"user","content":"x"}]}""");
        assertEquals("max_tokens", tooSmall.param());

        assertTrue(map("""
                {"model":"m","reasoning_effort":"minimal","messages":[{"role":"user","content":"x"}]}""").path("thinking").isMissingNode());
    }

    @Test
    void thinkingBlocksOfEarlierTurnsGoBackFirst() {
        JsonNode assistant = map("""
                {"model":"m","messages":[{"role":"user","content":"x"},
                 {"role":"assistant","content":null,"thinking_blocks":[{"type":"thinking","thinking":"hmm","signature":"sig=="}],
                  "tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"toolu_1","content":"done"}]}""").at("/messages/1/content");
        assertEquals("thinking", assistant.at("/0/type").asText());
        assertEquals("sig==", assistant.at("/0/signature").asText());
        assertEquals("tool_use", assistant.at("/1/type").asText());
    }

    @Test
    void cacheControlMarksAreKept() {
        JsonNode body = map("""
                {"model":"m","messages":[
                 {"role":"system","content":[{"type":"text","text":"Long manual","cache_control":{"type":"ephemeral"}}]},
                 {"role":"user","content":[{"type":"text","text":"Q","cache_control":{"type":"ephemeral","ttl":"1h"}}]}]}""");
        assertTrue(body.path("system").isArray(), "a marked system prompt stays as blocks");
        assertEquals("ephemeral", body.at("/system/0/cache_control/type").asText());
        assertEquals("1h", body.at("/messages/0/content/0/cache_control/ttl").asText());
    }

    @Test
    void whatAnthropicCannotDoIsRefusedNamingTheField() {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        assertEquals("n", refused("{\"model\":\"m\",\"n\":2," + messages + "}").param());
        assertEquals("temperature", refused("{\"model\":\"m\",\"temperature\":1.5," + messages + "}").param());
        assertEquals("logprobs", refused("{\"model\":\"m\",\"logprobs\":true," + messages + "}").param());
        assertEquals("response_format", refused("{\"model\":\"m\",\"response_format\":{\"type\":\"json_object\"}," + messages + "}").param());
        assertEquals("messages", refused("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"only\"}]}").param());
        assertEquals("messages[0].role", refused("{\"model\":\"m\",\"messages\":[{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}]}").param());
        GatewayException arguments = refused("""
                {"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[
                 {"id":"a","type":"function","function":{"name":"f","arguments":"{not json"}}]}]}""");
        assertEquals("messages[1].tool_calls[0].function.arguments", arguments.param());
        assertEquals(400, arguments.status());
    }

    @Test
    void streamingIsAskedFor() {
        assertTrue(map("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").path("stream").asBoolean());
    }
}

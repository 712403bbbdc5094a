package io.llmux.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.GatewayException;
import io.llmux.openai.ChatRequestParser;
import io.llmux.provider.ProviderCall;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatType;

class BedrockRequestMapperTest {

    private final BedrockRequestMapper mapper = new BedrockRequestMapper();

    private ConverseRequest map(String json) {
        return mapper.map(new ProviderCall(ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8)), "amazon.nova-pro-v1:0")).whole();
    }

    private GatewayException refused(String json) {
        return assertThrows(GatewayException.class, () -> map(json));
    }

    @Test
    void systemAndDeveloperMessagesAreHoistedAndConsecutiveTurnsMerged() {
        ConverseRequest request = map("""
                {"model":"m","messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"One."},
                 {"role":"developer","content":[{"type":"text","text":"Use metric units."}]},{"role":"user","content":"Two."},
                 {"role":"assistant","content":"Ok."}]}""");

        assertEquals(List.of("Be terse.", "Use metric units."), request.system().stream().map(b -> b.text()).toList());
        assertEquals(2, request.messages().size());
        Message user = request.messages().getFirst();
        assertEquals(ConversationRole.USER, user.role());
        assertEquals(List.of("One.", "Two."), user.content().stream().map(ContentBlock::text).toList());
        assertEquals("amazon.nova-pro-v1:0", request.modelId());
    }

    @Test
    void fieldsTheClientDidNotSetAreAbsentNotEmptyInBothRequestKinds() {
        String json = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        var converse = mapper.map(new ProviderCall(ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8)), "amazon.nova-pro-v1:0"));
        assertFalse(converse.whole().hasSystem(), "no system: the field is absent, never []");
        assertFalse(converse.streamed().hasSystem());
        assertEquals(null, converse.whole().toolConfig());
        assertEquals(converse.whole().messages(), converse.streamed().messages());
        assertEquals("amazon.nova-pro-v1:0", converse.streamed().modelId());
    }

    @Test
    void parallelToolResultsTravelInOneUserTurnAfterTheAssistantsCalls() {
        ConverseRequest request = map("""
                {"model":"m","tools":[{"type":"function","function":{"name":"f"}}],"messages":[
                 {"role":"user","content":"Go"},
                 {"role":"assistant","content":"Calling both.","tool_calls":[
                   {"id":"a","type":"function","function":{"name":"f","arguments":"{\\"x\\":1.50}"}},
                   {"id":"b","type":"function","function":{"name":"f","arguments":""}}]},
                 {"role":"tool","tool_call_id":"a","content":"one"},
                 {"role":"tool","tool_call_id":"b","content":[{"type":"text","text":"two"}]}]}""");

        assertEquals(3, request.messages().size());
        List<ContentBlock> assistant = request.messages().get(1).content();
        assertEquals("Calling both.", assistant.get(0).text());
        assertEquals("a", assistant.get(1).toolUse().toolUseId());
        assertEquals("{\"x\":1.5}", BedrockDocuments.toJsonText(assistant.get(1).toolUse().input()));
        assertTrue(assistant.get(2).toolUse().input().asMap().isEmpty(), "empty arguments are an empty object");
        List<ContentBlock> results = request.messages().get(2).content();
        assertEquals(ConversationRole.USER, request.messages().get(2).role());
        assertEquals(List.of("a", "b"), results.stream().map(b -> b.toolResult().toolUseId()).toList());
        assertEquals("two", results.get(1).toolResult().content().getFirst().text());
        assertEquals("object", request.toolConfig().tools().getFirst().toolSpec().inputSchema().json().asMap().get("type").asString(),
                "a tool without parameters still gets the object schema Converse requires");
    }

    @Test
    void toolChoiceMapsToAutoAnyOrANamedTool() {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]";
        String user = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        assertNotNull(map("{\"model\":\"m\"," + tools + ",\"tool_choice\":\"auto\"," + user + "}").toolConfig().toolChoice().auto());
        assertNotNull(map("{\"model\":\"m\"," + tools + ",\"tool_choice\":\"required\"," + user + "}").toolConfig().toolChoice().any());
        assertEquals("f", map("{\"model\":\"m\"," + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},"
                + user + "}").toolConfig().toolChoice().tool().name());
        assertNull(map("{\"model\":\"m\"," + tools + ",\"tool_choice\":\"none\"," + user + "}").toolConfig(),
                "none: the tools are left out when the conversation has no tool blocks");
    }

    @Test
    void samplingSettingsAndStopSequencesGoToInferenceConfig() {
        ConverseRequest request = map("""
                {"model":"m","max_completion_tokens":77,"temperature":0.5,"top_p":0.9,"stop":"END","seed":4,
                 "messages":[{"role":"user","content":"x"}]}""");

        assertEquals(77, request.inferenceConfig().maxTokens());
        assertEquals(0.5f, request.inferenceConfig().temperature());
        assertEquals(0.9f, request.inferenceConfig().topP());
        assertEquals(List.of("END"), request.inferenceConfig().stopSequences());
        assertNull(map("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").inferenceConfig());
    }

    @Test
    void imagesComeFromDataUrlsInTheFourFormatsBedrockTakes() {
        ConverseRequest request = map("""
                {"model":"m","messages":[{"role":"user","content":[
                 {"type":"image_url","image_url":{"url":"data:image/webp;base64,AAEC"}},
                 {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,AwQF"}}]}]}""");

        List<ContentBlock> content = request.messages().getFirst().content();
        assertEquals(ImageFormat.WEBP, content.get(0).image().format());
        assertEquals(ImageFormat.JPEG, content.get(1).image().format());
        assertEquals(3, content.get(1).image().source().bytes().asByteArray()[0]);
    }

    @Test
    void whatConverseCannotTakeIsA400NamingTheField() {
        assertEquals("messages[0].content[1].image_url.url", refused("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"},
                 {"type":"image_url","image_url":{"url":"http://example.com/a.png"}}]}]}""").param());
        assertEquals("messages[0].content[0].image_url.url", refused("""
                {"model":"m","messages":[{"role":"user","content":[
                 {"type":"image_url","image_url":{"url":"data:image/bmp;base64,AAEC"}}]}]}""").param());
        assertEquals("n", refused("{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param());
        assertEquals("messages[1].tool_calls[0].function.arguments", refused("""
                {"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[
                 {"id":"a","type":"function","function":{"name":"f","arguments":"not json"}}]}]}""").param());
        assertEquals("messages[0].content", refused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}").param());
        assertEquals("messages", refused("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}").param());
        assertEquals("response_format.type", refused("""
                {"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"x"}]}""").param());
    }

    @Test
    void jsonSchemaBecomesStructuredOutputAndExtraFieldsPassThrough() {
        ConverseRequest request = map("""
                {"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"city","schema":{"type":"object"}}},
                 "additional_model_request_fields":{"top_k":40},"messages":[{"role":"user","content":"x"}]}""");

        assertEquals(OutputFormatType.JSON_SCHEMA, request.outputConfig().textFormat().type());
        assertEquals("{\"type\":\"object\"}", request.outputConfig().textFormat().structure().jsonSchema().schema());
        assertEquals("city", request.outputConfig().textFormat().structure().jsonSchema().name());
        assertEquals(40, request.additionalModelRequestFields().asMap().get("top_k").asNumber().intValue());
    }
}

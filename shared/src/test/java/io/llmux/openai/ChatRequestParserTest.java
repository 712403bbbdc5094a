package io.llmux.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.error.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRequestParserTest {

    private static ChatRequest parse(String json) {
        return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheInterpretedFields() {
        ChatRequest r = parse("""
                {"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"max_tokens":10,"max_completion_tokens":20,"n":2,
                 "messages":[{"role":"system","content":"be brief"},
                             {"role":"user","name":"ann","content":[{"type":"text","text":"what is"},{"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low"}},{"type":"text","text":"this?"}]},
                             {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                             {"role":"tool","tool_call_id":"c1","content":"42"}]}""");
        assertEquals("gpt-4o", r.model());
        assertTrue(r.stream());
        assertTrue(r.includeUsage());
        assertEquals(20, r.maxOutputTokens(), "max_completion_tokens wins over the deprecated max_tokens");
        assertEquals(2, r.n());
        assertEquals("what is\nthis?", r.messages().get(1).text());
        assertEquals("low", r.messages().get(1).images().getFirst().detail());
        assertEquals("ann", r.messages().get(1).name());
        assertTrue(r.messages().get(2).toolCalls().isArray());
        assertEquals("c1", r.messages().get(3).toolCallId());
    }

    @Test
    void defaults() {
        ChatRequest r = parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertFalse(r.stream());
        assertFalse(r.includeUsage());
        assertNull(r.maxOutputTokens());
        assertEquals(1, r.n());
        assertNull(r.tools());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}                                   | model",
            "{\"model\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}                       | model",
            "{\"model\":\"m\",\"messages\":[]}                                                        | messages",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}                  | messages[0].role",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}                                     | messages[0].content",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":3}]}]} | messages[0].content[0].text",
            "{\"model\":\"m\",\"max_tokens\":-1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}  | max_tokens",
            "{\"model\":\"m\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | temperature",
            "{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | stream",
            "{\"model\":\"m\",\"tool_choice\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | tool_choice",
    })
    void namesTheOffendingField(String body, String param) {
        GatewayException e = assertThrows(GatewayException.class, () -> parse(body));
        assertEquals(400, e.status());
        assertEquals(param, e.param());
    }

    @Test
    void rejectsDeepNestingBeforeItCostsAnything() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        GatewayException e = assertThrows(GatewayException.class,
                () -> parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"x\":" + deep + "}"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("nests deeper"), e.getMessage());
    }
}

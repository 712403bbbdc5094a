package io.llmux.chat.anthropic;

import static io.llmux.chat.testing.HostileBodies.JSON;
import static io.llmux.chat.testing.HostileBodies.row;
import static io.llmux.chat.testing.HostileBodies.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.chat.testing.HostileBodies;
import io.llmux.testing.RawHttp;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-body table of the OpenAI route ({@link HostileBodies}), and the rows about
 * Anthropic's own fields, sent to {@code POST /v1/messages}: each gets the right status in
 * Anthropic's error shape, its message naming the field at fault by its dotted path
 * ({@code messages.0.content.1.source.url}), and never a stack trace or a Java class name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnthropicBadInputTest {

    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final String MESSAGES = "/v1/messages";
    private static final String COUNT = "/v1/messages/count_tokens";
    private static final String USER_HI = "{\"role\":\"user\",\"content\":\"Hi\"}";
    private static final String TOOL = "{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}";

    static final HostileBodies.Route MESSAGES_ROUTE = new HostileBodies.Route() {
        @Override
        public String path() {
            return MESSAGES;
        }

        @Override
        public String body(String model, String userText, String messageFields, String fields) {
            return "{" + (model == null ? "" : "\"model\":" + model + ",") + "\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\""
                    + userText + "\"" + messageFields + "}]" + fields + "}";
        }
    };

    private GatewayServer gateway;
    private RawHttp http;

    @BeforeAll
    void start() {
        gateway = GatewayServer.start(Map.of("llmux.max-request-bytes", MAX_REQUEST_BYTES));
        http = new RawHttp(gateway.uri()).with("x-api-key", GatewayServer.API_KEY);
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(HostileBodies.wholeBody(MESSAGES_ROUTE, MAX_REQUEST_BYTES), HostileBodies.model(MESSAGES_ROUTE), anthropicRows(),
                countTokensRows()).flatMap(rows -> rows);
    }

    private static Stream<Arguments> anthropicRows() {
        return Stream.of(
                // ---- max_tokens: required, as Anthropic's API requires it
                row("max_tokens missing", MESSAGES, JSON, utf8("{\"model\":\"mock-chat\",\"messages\":[" + USER_HI + "]}"), 400, "max_tokens"),
                row("max_tokens zero", MESSAGES, JSON, utf8(body(0, "")), 400, "max_tokens"),
                row("max_tokens negative", MESSAGES, JSON, utf8(body(-1, "")), 400, "max_tokens"),
                row("max_tokens as a string", MESSAGES, JSON, utf8(body("\"64\"", "")), 400, "max_tokens"),
                row("max_tokens fractional", MESSAGES, JSON, utf8(body("10.5", "")), 400, "max_tokens"),
                row("max_tokens over int range", MESSAGES, JSON, utf8(body("2147483648", "")), 400, "max_tokens"),
                // ---- system
                row("system a number", MESSAGES, JSON, utf8(body(64, ",\"system\":7")), 400, "system"),
                row("system block of type image", MESSAGES, JSON, utf8(body(64, ",\"system\":[{\"type\":\"image\"}]")), 400, "system.0.type"),
                row("system block without text", MESSAGES, JSON, utf8(body(64, ",\"system\":[{\"type\":\"text\"}]")), 400, "system.0.text"),
                // ---- messages
                row("messages missing", MESSAGES, JSON, utf8("{\"model\":\"mock-chat\",\"max_tokens\":64}"), 400, "messages"),
                row("messages not an array", MESSAGES, JSON, utf8(messages("\"Hi\"")), 400, "messages"),
                row("empty messages array", MESSAGES, JSON, utf8(messages("[]")), 400, "messages"),
                row("message not an object", MESSAGES, JSON, utf8(messages("[\"Hi\"]")), 400, "messages.0"),
                row("system role inside messages", MESSAGES, JSON, utf8(messages("[{\"role\":\"system\",\"content\":\"Hi\"}]")), 400,
                        "messages.0.role"),
                row("role a number", MESSAGES, JSON, utf8(messages("[{\"role\":1,\"content\":\"Hi\"}]")), 400, "messages.0.role"),
                row("content missing", MESSAGES, JSON, utf8(messages("[{\"role\":\"user\"}]")), 400, "messages.0.content"),
                row("content a number", MESSAGES, JSON, utf8(messages("[{\"role\":\"user\",\"content\":42}]")), 400, "messages.0.content"),
                row("empty content array", MESSAGES, JSON, utf8(messages("[{\"role\":\"user\",\"content\":[]}]")), 400, "messages.0.content"),
                row("content block not an object", MESSAGES, JSON, utf8(blocks("\"Hi\"")), 400, "messages.0.content.0"),
                row("content block of an unknown type", MESSAGES, JSON, utf8(blocks("{\"type\":\"video\"}")), 400, "messages.0.content.0.type"),
                row("text block with a number", MESSAGES, JSON, utf8(blocks("{\"type\":\"text\",\"text\":42}")), 400, "messages.0.content.0.text"),
                row("image without a source", MESSAGES, JSON, utf8(blocks("{\"type\":\"image\"}")), 400, "messages.0.content.0.source"),
                row("image of an unsupported media type", MESSAGES, JSON,
                        utf8(blocks("{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/bmp\",\"data\":\"Qk0=\"}}")), 400,
                        "messages.0.content.0.source.media_type"),
                row("image with a file: URL", MESSAGES, JSON, utf8(imageUrl("file:///etc/passwd")), 400, "messages.0.content.0.source.url"),
                row("image with a javascript: URL", MESSAGES, JSON, utf8(imageUrl("javascript:alert(1)")), 400, "messages.0.content.0.source.url"),
                row("image with a gopher: URL", MESSAGES, JSON, utf8(imageUrl("gopher://127.0.0.1:6379/_FLUSHALL")), 400,
                        "messages.0.content.0.source.url"),
                row("image from the Files API", MESSAGES, JSON,
                        utf8(blocks("{\"type\":\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"file_1\"}}")), 400,
                        "messages.0.content.0.source.type"),
                row("document that is not a PDF", MESSAGES, JSON,
                        utf8(blocks("{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/zip\",\"data\":\"UEs=\"}}")),
                        400, "messages.0.content.0.source.media_type"),
                row("tool_result without tool_use_id", MESSAGES, JSON, utf8(blocks("{\"type\":\"tool_result\",\"content\":\"21 C\"}")), 400,
                        "messages.0.content.0.tool_use_id"),
                row("tool_result content a number", MESSAGES, JSON,
                        utf8(blocks("{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":21}")), 400, "messages.0.content.0.content"),
                row("tool_result is_error a string", MESSAGES, JSON,
                        utf8(blocks("{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"is_error\":\"yes\"}")), 400, "messages.0.content.0.is_error"),
                row("tool_result holding a tool_use", MESSAGES, JSON,
                        utf8(blocks("{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":[{\"type\":\"tool_use\"}]}")), 400,
                        "messages.0.content.0.content.0.type"),
                row("tool_use input a string", MESSAGES, JSON, utf8(assistant("{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":\"{}\"}")),
                        400, "messages.1.content.0.input"),
                row("tool_use without an id", MESSAGES, JSON, utf8(assistant("{\"type\":\"tool_use\",\"name\":\"f\",\"input\":{}}")), 400,
                        "messages.1.content.0.id"),
                row("tool_result in an assistant turn", MESSAGES, JSON,
                        utf8(assistant("{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"x\"}")), 400, "messages.1.content.0.type"),
                // ---- sampling
                row("temperature over Anthropic's 1", MESSAGES, JSON, utf8(body(64, ",\"temperature\":1.5")), 400, "temperature"),
                row("temperature as a string", MESSAGES, JSON, utf8(body(64, ",\"temperature\":\"hot\"")), 400, "temperature"),
                row("top_p -1", MESSAGES, JSON, utf8(body(64, ",\"top_p\":-1")), 400, "top_p"),
                row("top_k negative", MESSAGES, JSON, utf8(body(64, ",\"top_k\":-1")), 400, "top_k"),
                row("top_k fractional", MESSAGES, JSON, utf8(body(64, ",\"top_k\":2.5")), 400, "top_k"),
                row("stop_sequences a string", MESSAGES, JSON, utf8(body(64, ",\"stop_sequences\":\"END\"")), 400, "stop_sequences"),
                row("stop_sequences with a number", MESSAGES, JSON, utf8(body(64, ",\"stop_sequences\":[\"a\",7]")), 400, "stop_sequences.1"),
                row("five stop_sequences", MESSAGES, JSON, utf8(body(64, ",\"stop_sequences\":[\"a\",\"b\",\"c\",\"d\",\"e\"]")), 400,
                        "stop_sequences"),
                row("non-boolean stream", MESSAGES, JSON, utf8(body(64, ",\"stream\":\"true\"")), 400, "stream"),
                row("metadata a string", MESSAGES, JSON, utf8(body(64, ",\"metadata\":\"me\"")), 400, "metadata"),
                row("metadata.user_id a number", MESSAGES, JSON, utf8(body(64, ",\"metadata\":{\"user_id\":7}")), 400, "metadata.user_id"),
                row("thinking of an unknown type", MESSAGES, JSON, utf8(body(64, ",\"thinking\":{\"type\":\"deep\"}")), 400, "thinking.type"),
                row("thinking budget under 1024", MESSAGES, JSON, utf8(body(4096, ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":10}")), 400,
                        "thinking.budget_tokens"),
                row("thinking budget not under max_tokens", MESSAGES, JSON,
                        utf8(body(2048, ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}")), 400, "thinking.budget_tokens"),
                // ---- tools
                row("tools not an array", MESSAGES, JSON, utf8(body(64, ",\"tools\":" + TOOL)), 400, "tools"),
                row("tool with an invalid name", MESSAGES, JSON, utf8(body(64, ",\"tools\":[" + TOOL.replace("get_weather", "get weather; rm -rf /") + "]")),
                        400, "tools.0.name"),
                row("tool with a too long name", MESSAGES, JSON, utf8(body(64, ",\"tools\":[" + TOOL.replace("get_weather", "f".repeat(65)) + "]")),
                        400, "tools.0.name"),
                row("tool without input_schema", MESSAGES, JSON, utf8(body(64, ",\"tools\":[{\"name\":\"f\"}]")), 400, "tools.0.input_schema"),
                row("tool input_schema a string", MESSAGES, JSON, utf8(body(64, ",\"tools\":[{\"name\":\"f\",\"input_schema\":\"object\"}]")), 400,
                        "tools.0.input_schema"),
                row("server tool", MESSAGES, JSON, utf8(body(64, ",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]")), 400,
                        "tools.0.type"),
                row("tool_choice a string", MESSAGES, JSON, utf8(body(64, ",\"tools\":[" + TOOL + "],\"tool_choice\":\"auto\"")), 400, "tool_choice"),
                row("tool_choice of an unknown type", MESSAGES, JSON, utf8(body(64, ",\"tools\":[" + TOOL + "],\"tool_choice\":{\"type\":\"required\"}")),
                        400, "tool_choice.type"),
                row("tool_choice naming a tool not in tools", MESSAGES, JSON,
                        utf8(body(64, ",\"tools\":[" + TOOL + "],\"tool_choice\":{\"type\":\"tool\",\"name\":\"rm\"}")), 400, "tool_choice.name"),
                row("tool_choice any without tools", MESSAGES, JSON, utf8(body(64, ",\"tool_choice\":{\"type\":\"any\"}")), 400, "tool_choice.type"),
                row("an embedding model", MESSAGES, JSON, utf8(MESSAGES_ROUTE.body("\"mock-embedding\"", "Hi", "", "")), 400, "model"));
    }

    private static Stream<Arguments> countTokensRows() {
        return Stream.of(
                row("count_tokens: wrong content type", COUNT, "text/plain", utf8("{\"model\":\"mock-chat\",\"messages\":[" + USER_HI + "]}"), 415, null),
                row("count_tokens: not JSON", COUNT, JSON, utf8("model=mock-chat"), 400, null),
                row("count_tokens: body over the size limit", COUNT, JSON, utf8(HostileBodies.ofSize(MESSAGES_ROUTE, MAX_REQUEST_BYTES + 1)), 413, null),
                row("count_tokens: messages missing", COUNT, JSON, utf8("{\"model\":\"mock-chat\"}"), 400, "messages"),
                row("count_tokens: model missing", COUNT, JSON, utf8("{\"messages\":[" + USER_HI + "]}"), 400, "model"),
                row("count_tokens: unknown model", COUNT, JSON, utf8("{\"model\":\"claude-x\",\"messages\":[" + USER_HI + "]}"), 404, "model"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsAnAnthropicErrorNamingTheField(HostileBodies.Case c) {
        RawHttp.Response response = http.send("POST", c.path(), c.contentType(), c.body());

        String type = c.status() == 404 ? "not_found_error" : "invalid_request_error";
        JsonNode body = AnthropicMessagesTest.assertError(response, c.status(), type);
        String message = body.at("/error/message").asText();
        if (c.param() != null) {
            assertTrue(message.contains(c.param()), "the message names '" + c.param() + "': " + response);
        }
        if (c.hint() != null) {
            assertTrue(message.contains(c.hint()), response.toString());
        }
        assertFalse(HostileBodies.JAVA_INTERNALS.matcher(response.body()).find(), "Java internals leak: " + response);
        assertTrue(response.headers().firstValue("x-request-id").isPresent(), "errors carry a request id: " + response);
        assertEquals(response.header("x-request-id"), body.path("request_id").asText(), response.toString());
    }

    @Test
    void theTableIsBigAndEveryCaseIsDistinct() {
        assertTrue(cases().count() >= 80);
        assertEquals(cases().count(), cases().map(a -> ((Named<?>) a.get()[0]).getName()).distinct().count());
    }

    @Test
    void theValidBodiesTheRowsBreakAreAccepted() {
        assertEquals(200, http.send("POST", MESSAGES, JSON, utf8(MESSAGES_ROUTE.valid(""))).status());
        assertEquals(200, http.send("POST", MESSAGES, JSON, utf8(HostileBodies.ofSize(MESSAGES_ROUTE, MAX_REQUEST_BYTES))).status());
        assertEquals(200, http.send("POST", MESSAGES, JSON, utf8(body(64, ",\"tools\":[" + TOOL + "],\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_weather\"}"
                + ",\"temperature\":1,\"top_k\":5,\"stop_sequences\":[\"a\",\"b\",\"c\",\"d\"],\"metadata\":{\"user_id\":\"u1\"}"
                + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}],\"service_tier\":\"auto\"").replace("\"max_tokens\":64", "\"max_tokens\":2048")))
                .status());
        RawHttp.Response toolRoundTrip = http.send("POST", MESSAGES, JSON, utf8(messages("[" + USER_HI
                + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}]}"
                + ",{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"is_error\":true}]}]")));
        assertEquals(200, toolRoundTrip.status(), toolRoundTrip.toString());
        assertEquals(200, http.send("POST", COUNT, JSON, utf8("{\"model\":\"mock-chat\",\"messages\":[" + USER_HI + "]}")).status());
    }

    // ---- bodies --------------------------------------------------------------------------------

    private static String body(Object maxTokens, String extra) {
        return "{\"model\":\"mock-chat\",\"max_tokens\":" + maxTokens + ",\"messages\":[" + USER_HI + "]" + extra + "}";
    }

    private static String messages(String messages) {
        return "{\"model\":\"mock-chat\",\"max_tokens\":64,\"messages\":" + messages + "}";
    }

    /** One user turn made of these content blocks. */
    private static String blocks(String blocks) {
        return messages("[{\"role\":\"user\",\"content\":[" + blocks + "]}]");
    }

    /** A user turn, then an assistant turn made of these content blocks. */
    private static String assistant(String blocks) {
        return messages("[" + USER_HI + ",{\"role\":\"assistant\",\"content\":[" + blocks + "]}]");
    }

    private static String imageUrl(String url) {
        return blocks("{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"" + url + "\"}}");
    }
}

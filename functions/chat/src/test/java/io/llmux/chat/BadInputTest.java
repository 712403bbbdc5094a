package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.RawHttp;
import io.llmux.testing.OpenApiContract;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
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
 * Malformed and hostile requests: each gets the exact 4xx it deserves, in OpenAI's error shape,
 * naming the field at fault in {@code param}, and never a stack trace or a Java class name. Each
 * chat case breaks one thing in an otherwise valid body, so the error is about that one thing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final String CHAT = "/v1/chat/completions";
    private static final String EMBEDDINGS = "/v1/embeddings";
    private static final String JSON = "application/json";
    private static final String USER_HI = "{\"role\":\"user\",\"content\":\"Hi\"}";
    private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}";

    /** What a leaked Java internal looks like: a qualified class name, an exception, a stack frame. */
    private static final Pattern JAVA_INTERNALS = Pattern.compile(
            "Exception|Throwable|\\bat [a-z]+\\.|\\b(?:java|javax|jdk|sun|com|io|org|reactor|net)\\.[a-z0-9_]+\\.[A-Za-z0-9_.$]+"
                    + "|jackson|micronaut|netty|Feature\\.|Constraints|`",
            Pattern.CASE_INSENSITIVE);

    private GatewayServer gateway;
    private RawHttp http;

    @BeforeAll
    void start() {
        gateway = GatewayServer.start(Map.of("llmux.max-request-bytes", MAX_REQUEST_BYTES));
        http = gateway.http();
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    /** {@code hint}: words the error message must contain, or null. */
    record Case(String path, String contentType, byte[] body, int status, String param, String hint) {
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- the body as a whole
                row("wrong content type", CHAT, "text/plain", utf8(chat("")), 415, null),
                row("form content type", CHAT, "application/x-www-form-urlencoded", utf8("model=mock-chat"), 415, null),
                row("missing content type", CHAT, null, utf8(chat("")), 415, null),
                row("empty body", CHAT, JSON, new byte[0], 400, null),
                row("whitespace body", CHAT, JSON, utf8("  \n "), 400, null),
                row("JSON array, not an object", CHAT, JSON, utf8("[" + chat("") + "]"), 400, null),
                row("JSON string, not an object", CHAT, JSON, utf8("\"hello\""), 400, null),
                row("JSON null, not an object", CHAT, JSON, utf8("null"), 400, null),
                row("truncated JSON", CHAT, JSON, utf8("{\"model\":\"mock-chat\",\"messages\":[{\"role\""), 400, null),
                row("trailing garbage after the object", CHAT, JSON, utf8(chat("") + " {\"x\":1}"), 400, null, "after the JSON object"),
                row("trailing text after the object", CHAT, JSON, utf8(chat("") + "garbage"), 400, null),
                row("duplicate keys", CHAT, JSON, utf8("{\"model\":\"mock-chat\",\"model\":\"gpt-4o\",\"messages\":[" + USER_HI + "]}"), 400, null),
                row("NaN literal", CHAT, JSON, utf8(chat(",\"temperature\":NaN")), 400, null, "NaN"),
                row("single-quoted strings", CHAT, JSON, utf8("{'model':'mock-chat'}"), 400, null),
                row("deep nesting", CHAT, JSON, utf8(chat(",\"metadata\":" + "[".repeat(200) + "]".repeat(200))), 400, null, "nests deeper"),
                row("deep nesting of objects in a message", CHAT, JSON,
                        utf8(messages("[{\"role\":\"user\",\"content\":\"Hi\",\"x\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}]")), 400, null, "nests deeper"),
                row("number with 2000 digits", CHAT, JSON, utf8(chat(",\"temperature\":" + "1".repeat(2000))), 400, null, "number"),
                row("number with a leading plus sign", CHAT, JSON, utf8(chat(",\"temperature\":+1")), 400, null, "plus sign"),
                row("unescaped newline inside a string", CHAT, JSON, utf8(messages("[{\"role\":\"user\",\"content\":\"a\nb\"}]")), 400, null),
                row("invalid UTF-8 bytes", CHAT, JSON, invalidUtf8(), 400, null),
                row("body just over the size limit", CHAT, JSON, utf8(chatOfSize(MAX_REQUEST_BYTES + 1)), 413, null),
                // ---- model
                row("null model", CHAT, JSON, utf8("{\"model\":null,\"messages\":[" + USER_HI + "]}"), 400, "model"),
                row("missing model", CHAT, JSON, utf8("{\"messages\":[" + USER_HI + "]}"), 400, "model"),
                row("model is a number", CHAT, JSON, utf8("{\"model\":42,\"messages\":[" + USER_HI + "]}"), 400, "model"),
                row("model is an object", CHAT, JSON, utf8("{\"model\":{\"id\":\"mock-chat\"},\"messages\":[" + USER_HI + "]}"), 400, "model"),
                row("empty model", CHAT, JSON, utf8("{\"model\":\"  \",\"messages\":[" + USER_HI + "]}"), 400, "model"),
                row("unknown model with markup", CHAT, JSON, utf8("{\"model\":\"<script>alert(1)</script>\",\"messages\":[" + USER_HI + "]}"), 404, "model"),
                // ---- messages
                row("messages missing", CHAT, JSON, utf8("{\"model\":\"mock-chat\"}"), 400, "messages"),
                row("messages not an array", CHAT, JSON, utf8(messages("\"Hi\"")), 400, "messages"),
                row("messages an object", CHAT, JSON, utf8(messages(USER_HI)), 400, "messages"),
                row("empty messages array", CHAT, JSON, utf8(messages("[]")), 400, "messages"),
                row("message not an object", CHAT, JSON, utf8(messages("[\"Hi\"]")), 400, "messages[0]"),
                row("unknown role", CHAT, JSON, utf8(messages("[{\"role\":\"wizard\",\"content\":\"Hi\"}]")), 400, "messages[0].role"),
                row("role is a number", CHAT, JSON, utf8(messages("[{\"role\":1,\"content\":\"Hi\"}]")), 400, "messages[0].role"),
                row("role missing", CHAT, JSON, utf8(messages("[{\"content\":\"Hi\"}]")), 400, "messages[0].role"),
                row("user content missing", CHAT, JSON, utf8(messages("[{\"role\":\"user\"}]")), 400, "messages[0].content"),
                row("empty content array", CHAT, JSON, utf8(messages("[{\"role\":\"user\",\"content\":[]}]")), 400, "messages[0].content"),
                row("content is a number", CHAT, JSON, utf8(messages("[{\"role\":\"user\",\"content\":42}]")), 400, "messages[0].content"),
                row("name is a boolean", CHAT, JSON, utf8(messages("[{\"role\":\"user\",\"content\":\"Hi\",\"name\":true}]")), 400, "messages[0].name"),
                row("number where a content part needs a string", CHAT, JSON,
                        utf8(messages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":42}]}]")), 400, "messages[0].content[0].text"),
                row("content part not an object", CHAT, JSON, utf8(messages("[{\"role\":\"user\",\"content\":[\"Hi\"]}]")), 400, "messages[0].content[0]"),
                row("unknown content part type", CHAT, JSON,
                        utf8(messages("[{\"role\":\"user\",\"content\":[{\"type\":\"video\",\"video\":{}}]}]")), 400, "messages[0].content[0].type"),
                row("image_url with a file: URL", CHAT, JSON, utf8(image("file:///etc/passwd")), 400, "messages[0].content[1].image_url.url"),
                row("image_url with a javascript: URL", CHAT, JSON, utf8(image("javascript:alert(1)")), 400, "messages[0].content[1].image_url.url"),
                row("image_url with a gopher: URL", CHAT, JSON, utf8(image("gopher://127.0.0.1:6379/_FLUSHALL")), 400, "messages[0].content[1].image_url.url"),
                row("image_url a string, not an object", CHAT, JSON,
                        utf8(messages("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":\"https://example.com/a.png\"}]}]")),
                        400, "messages[0].content[0].image_url"),
                row("tool message without tool_call_id", CHAT, JSON,
                        utf8(messages("[" + USER_HI + ",{\"role\":\"tool\",\"content\":\"21 C\"}]")), 400, "messages[1].tool_call_id"),
                row("tool_calls on a user message", CHAT, JSON,
                        utf8(messages("[{\"role\":\"user\",\"content\":\"Hi\",\"tool_calls\":[]}]")), 400, "messages[0].tool_calls"),
                row("assistant tool_calls not an array", CHAT, JSON,
                        utf8(messages("[" + USER_HI + ",{\"role\":\"assistant\",\"tool_calls\":{}}," + USER_HI + "]")), 400, "messages[1].tool_calls"),
                // ---- sampling and limits
                row("negative max_tokens", CHAT, JSON, utf8(chat(",\"max_tokens\":-1")), 400, "max_tokens"),
                row("zero max_tokens", CHAT, JSON, utf8(chat(",\"max_tokens\":0")), 400, "max_tokens"),
                row("gigantic integer max_tokens", CHAT, JSON, utf8(chat(",\"max_tokens\":" + "9".repeat(40))), 400, "max_tokens"),
                row("max_tokens just over int range", CHAT, JSON, utf8(chat(",\"max_tokens\":2147483648")), 400, "max_tokens"),
                row("fractional max_tokens", CHAT, JSON, utf8(chat(",\"max_tokens\":10.5")), 400, "max_tokens"),
                row("max_tokens as a string", CHAT, JSON, utf8(chat(",\"max_tokens\":\"10\"")), 400, "max_tokens"),
                row("negative max_completion_tokens", CHAT, JSON, utf8(chat(",\"max_completion_tokens\":-5")), 400, "max_completion_tokens"),
                row("n=0", CHAT, JSON, utf8(chat(",\"n\":0")), 400, "n"),
                row("n as a string", CHAT, JSON, utf8(chat(",\"n\":\"2\"")), 400, "n"),
                row("temperature 5", CHAT, JSON, utf8(chat(",\"temperature\":5")), 400, "temperature"),
                row("temperature as a string", CHAT, JSON, utf8(chat(",\"temperature\":\"hot\"")), 400, "temperature"),
                row("top_p -1", CHAT, JSON, utf8(chat(",\"top_p\":-1")), 400, "top_p"),
                row("presence_penalty 3", CHAT, JSON, utf8(chat(",\"presence_penalty\":3")), 400, "presence_penalty"),
                row("frequency_penalty -2.5", CHAT, JSON, utf8(chat(",\"frequency_penalty\":-2.5")), 400, "frequency_penalty"),
                row("seed as a string", CHAT, JSON, utf8(chat(",\"seed\":\"42\"")), 400, "seed"),
                row("user as a number", CHAT, JSON, utf8(chat(",\"user\":12345")), 400, "user"),
                row("stop with 5 sequences", CHAT, JSON, utf8(chat(",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]")), 400, "stop"),
                row("stop with a number in it", CHAT, JSON, utf8(chat(",\"stop\":[\"a\",7]")), 400, "stop[1]"),
                row("stop as a number", CHAT, JSON, utf8(chat(",\"stop\":7")), 400, "stop"),
                // ---- streaming
                row("non-boolean stream", CHAT, JSON, utf8(chat(",\"stream\":\"true\"")), 400, "stream"),
                row("stream_options without stream", CHAT, JSON, utf8(chat(",\"stream_options\":{\"include_usage\":true}")), 400, "stream_options"),
                row("stream_options not an object", CHAT, JSON, utf8(chat(",\"stream\":true,\"stream_options\":true")), 400, "stream_options"),
                row("non-boolean include_usage", CHAT, JSON,
                        utf8(chat(",\"stream\":true,\"stream_options\":{\"include_usage\":1}")), 400, "stream_options.include_usage"),
                // ---- tools and formats
                row("tool_choice without tools", CHAT, JSON, utf8(chat(",\"tool_choice\":\"required\"")), 400, "tool_choice"),
                row("unknown tool_choice", CHAT, JSON, utf8(chat(",\"tools\":[" + TOOL + "],\"tool_choice\":\"always\"")), 400, "tool_choice"),
                row("tool_choice naming a function not in tools", CHAT, JSON,
                        utf8(chat(",\"tools\":[" + TOOL + "],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"rm\"}}")),
                        400, "tool_choice.function.name"),
                row("tools not an array", CHAT, JSON, utf8(chat(",\"tools\":" + TOOL)), 400, "tools"),
                row("tool with an invalid function name", CHAT, JSON,
                        utf8(chat(",\"tools\":[" + TOOL.replace("get_weather", "get weather; rm -rf /") + "]")), 400, "tools[0].function.name"),
                row("tool with a too long function name", CHAT, JSON,
                        utf8(chat(",\"tools\":[" + TOOL.replace("get_weather", "f".repeat(65)) + "]")), 400, "tools[0].function.name"),
                row("tool of an unknown type", CHAT, JSON, utf8(chat(",\"tools\":[{\"type\":\"shell\",\"shell\":{}}]")), 400, "tools[0].type"),
                row("tool parameters not an object", CHAT, JSON,
                        utf8(chat(",\"tools\":[" + TOOL.replace("{\"type\":\"object\"}", "\"object\"") + "]")), 400, "tools[0].function.parameters"),
                row("unknown response_format type", CHAT, JSON, utf8(chat(",\"response_format\":{\"type\":\"xml\"}")), 400, "response_format.type"),
                row("response_format a string", CHAT, JSON, utf8(chat(",\"response_format\":\"json\"")), 400, "response_format"),
                row("json_schema format without a schema", CHAT, JSON,
                        utf8(chat(",\"response_format\":{\"type\":\"json_schema\"}")), 400, "response_format.json_schema"),
                // ---- embeddings
                row("embeddings: wrong content type", EMBEDDINGS, "text/plain", utf8("{\"model\":\"mock-embedding\",\"input\":\"x\"}"), 415, null),
                row("embeddings: not JSON", EMBEDDINGS, JSON, utf8("input=hello"), 400, null),
                row("embeddings: body over the size limit", EMBEDDINGS, JSON,
                        utf8("{\"model\":\"mock-embedding\",\"input\":\"" + "x".repeat(MAX_REQUEST_BYTES) + "\"}"), 413, null),
                row("embeddings: input missing", EMBEDDINGS, JSON, utf8("{\"model\":\"mock-embedding\"}"), 400, "input"),
                row("embeddings: input a number", EMBEDDINGS, JSON, utf8("{\"model\":\"mock-embedding\",\"input\":42}"), 400, "input"),
                row("embeddings: empty string input", EMBEDDINGS, JSON, utf8("{\"model\":\"mock-embedding\",\"input\":\"\"}"), 400, "input"),
                row("embeddings: object in the input array", EMBEDDINGS, JSON, utf8("{\"model\":\"mock-embedding\",\"input\":[\"a\",{}]}"), 400, "input[1]"),
                row("embeddings: negative token id", EMBEDDINGS, JSON, utf8("{\"model\":\"mock-embedding\",\"input\":[1,-2]}"), 400, "input[1]"),
                row("embeddings: unknown encoding_format", EMBEDDINGS, JSON,
                        utf8("{\"model\":\"mock-embedding\",\"input\":\"x\",\"encoding_format\":\"hex\"}"), 400, "encoding_format"),
                row("embeddings: zero dimensions", EMBEDDINGS, JSON, utf8("{\"model\":\"mock-embedding\",\"input\":\"x\",\"dimensions\":0}"), 400, "dimensions"),
                row("embeddings: model a number", EMBEDDINGS, JSON, utf8("{\"model\":7,\"input\":\"x\"}"), 400, "model"),
                row("embeddings: a chat model", EMBEDDINGS, JSON, utf8("{\"model\":\"mock-chat\",\"input\":\"x\"}"), 400, "model"),
                row("embeddings: token id over int range", EMBEDDINGS, JSON, utf8("{\"model\":\"mock-embedding\",\"input\":[99999999999]}"), 400, "input[0]"),
                row("chat: an embedding model", CHAT, JSON, utf8("{\"model\":\"mock-embedding\",\"messages\":[" + USER_HI + "]}"), 400, "model"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsAnOpenAiErrorNamingTheField(Case c) {
        RawHttp.Response response = http.send("POST", c.path(), c.contentType(), c.body());

        assertEquals(c.status(), response.status(), response.toString());
        assertTrue(response.contentType().startsWith("application/json"), response.toString());
        JsonNode body = response.json();
        OpenApiContract.assertValid("ErrorResponse", body);
        JsonNode error = body.get("error");
        assertEquals("invalid_request_error", error.get("type").asText(), response.toString());
        assertEquals(c.param(), error.get("param").isNull() ? null : error.get("param").asText(), response.toString());
        assertFalse(error.get("message").asText().isBlank(), response.toString());
        if (c.hint() != null) {
            assertTrue(error.get("message").asText().contains(c.hint()), response.toString());
        }
        assertFalse(JAVA_INTERNALS.matcher(response.body()).find(), "Java internals leak: " + response);
        assertTrue(response.headers().firstValue("x-request-id").isPresent(), "errors carry a request id: " + response);
    }

    @Test
    void theTableIsBigAndEveryCaseIsDistinct() {
        assertTrue(cases().count() >= 30);
        assertEquals(cases().count(), cases().map(a -> ((Named<?>) a.get()[0]).getName()).distinct().count());
    }

    @Test
    void theValidBodyEveryChatCaseBreaksIsAccepted() {
        RawHttp.Response response = http.send("POST", CHAT, JSON, utf8(chat("")));
        assertEquals(200, response.status(), response.toString());
    }

    @Test
    void aBodyExactlyAtTheSizeLimitIsServed() {
        byte[] body = utf8(chatOfSize(MAX_REQUEST_BYTES));
        assertEquals(MAX_REQUEST_BYTES, body.length);
        RawHttp.Response response = http.send("POST", CHAT, JSON, body);
        assertEquals(200, response.status(), response.toString());
        OpenApiContract.assertValid("CreateChatCompletionResponse", response.json());
    }

    @Test
    void aBigButAllowedStringWithHostileCharactersIsServed() {
        String content = "\\u0000\\u202e\\ud83d\\ude00 <script>\\\"quotes\\\" ".repeat(200);
        RawHttp.Response response = http.send("POST", CHAT, "application/json; charset=utf-8",
                utf8("{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}"));
        assertEquals(200, response.status(), response.toString());
        OpenApiContract.assertValid("CreateChatCompletionResponse", response.json());
    }

    // ---- bodies --------------------------------------------------------------------------------

    private static Arguments row(String name, String path, String contentType, byte[] body, int status, String param) {
        return row(name, path, contentType, body, status, param, null);
    }

    private static Arguments row(String name, String path, String contentType, byte[] body, int status, String param, String hint) {
        return Arguments.of(Named.of(name, new Case(path, contentType, body, status, param, hint)));
    }

    /** A valid chat body with {@code extra} (",\"field\":value...") appended to its fields. */
    private static String chat(String extra) {
        return "{\"model\":\"mock-chat\",\"messages\":[" + USER_HI + "]" + extra + "}";
    }

    private static String messages(String messages) {
        return "{\"model\":\"mock-chat\",\"messages\":" + messages + "}";
    }

    private static String image(String url) {
        return messages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}]");
    }

    /** A valid chat body of exactly {@code size} bytes, padded inside the user's text. */
    private static String chatOfSize(int size) {
        String empty = "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}";
        return empty.replace("\"content\":\"\"", "\"content\":\"" + "a".repeat(size - empty.length()) + "\"");
    }

    /** A chat body whose user text holds bytes that are not UTF-8: a lone continuation byte and 0xFF. */
    private static byte[] invalidUtf8() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8("{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi "));
        bytes.write(0x80);
        bytes.write(0xFF);
        bytes.writeBytes(utf8("\"}]}"));
        return bytes.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

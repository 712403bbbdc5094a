package io.llmux.chat;

import static io.llmux.chat.testing.HostileBodies.JSON;
import static io.llmux.chat.testing.HostileBodies.row;
import static io.llmux.chat.testing.HostileBodies.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.chat.testing.HostileBodies;
import io.llmux.json.Json;
import io.llmux.testing.OpenApiContract;
import io.llmux.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
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
 * chat case breaks one thing in an otherwise valid body, so the error is about that one thing. The
 * rows about the body as a whole and the model are {@link HostileBodies}, shared with the
 * Anthropic route's table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final String CHAT = "/v1/chat/completions";
    private static final String EMBEDDINGS = "/v1/embeddings";
    private static final String USER_HI = "{\"role\":\"user\",\"content\":\"Hi\"}";
    private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}";

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

    /** The OpenAI chat body every chat row breaks one thing of. */
    static final HostileBodies.Route CHAT_ROUTE = new HostileBodies.Route() {
        @Override
        public String path() {
            return CHAT;
        }

        @Override
        public String body(String model, String userText, String messageFields, String fields) {
            return "{" + (model == null ? "" : "\"model\":" + model + ",") + "\"messages\":[{\"role\":\"user\",\"content\":\""
                    + userText + "\"" + messageFields + "}]" + fields + "}";
        }
    };

    static Stream<Arguments> cases() {
        return Stream.of(HostileBodies.wholeBody(CHAT_ROUTE, MAX_REQUEST_BYTES), HostileBodies.model(CHAT_ROUTE), chatRows(), embeddingRows())
                .flatMap(rows -> rows);
    }

    private static Stream<Arguments> chatRows() {
        return Stream.of(
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
                        utf8(chat(",\"response_format\":{\"type\":\"json_schema\"}")), 400, "response_format.json_schema"));
    }

    private static Stream<Arguments> embeddingRows() {
        return Stream.of(
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
    void badInputGetsAnOpenAiErrorNamingTheField(HostileBodies.Case c) {
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
        assertFalse(HostileBodies.JAVA_INTERNALS.matcher(response.body()).find(), "Java internals leak: " + response);
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
        byte[] body = utf8(HostileBodies.ofSize(CHAT_ROUTE, MAX_REQUEST_BYTES));
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

    /**
     * tiktoken's special tokens written in a message are text to the API, counted as such (jtokkit,
     * which LLMux counted with before, refused them with an exception: a 500), unpaired surrogates
     * and a long unbroken run (the heap merge) too.
     */
    @Test
    void specialTokenTextUnpairedSurrogatesAndLongRunsAreCountedAsText() {
        String content = "<|endoftext|> <|endofprompt|> <|im_start|>user \\ud800 \\udfff " + "x".repeat(5_000);
        RawHttp.Response response = http.send("POST", CHAT, JSON,
                utf8("{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}"));
        assertEquals(200, response.status(), response.toString());
        OpenApiContract.assertValid("CreateChatCompletionResponse", response.json());
        assertTrue(response.json().path("usage").path("prompt_tokens").asInt() > 600, response.toString());
    }

    /**
     * The HTTP server refuses an over-long request line or header block while decoding it, before
     * any body is read: the answer names what was too long, not the body limit.
     */
    @Test
    void anOverLongUrlIs414AndOverLongHeadersAre431() {
        RawHttp.Response url = http.send("POST", CHAT + "?pad=" + "x".repeat(10_000), JSON, utf8(chat("")));
        assertFramingError(url, 414, "URL");
        RawHttp.Response headers = http.with("X-Padding", "x".repeat(20_000)).send("POST", CHAT, JSON, utf8(chat("")));
        assertFramingError(headers, 431, "headers");
        RawHttp.Response anthropic = http.with("X-Padding", "x".repeat(20_000)).send("POST", "/v1/messages", JSON, utf8(chat("")));
        assertEquals(431, anthropic.status(), anthropic.toString());
        assertEquals("invalid_request_error", anthropic.json().at("/error/type").asText(), anthropic.toString());
    }

    /** The server inflates gzip and deflate bodies; one that is not what its header says is the client's error. */
    @Test
    void aBodyThatIsNotWhatItsContentEncodingSaysIs400AndACompressedOneIsServed() throws Exception {
        for (String encoding : List.of("gzip", "deflate")) {
            RawHttp.Response response = http.with("Content-Encoding", encoding).send("POST", CHAT, JSON, utf8(chat("")));
            assertEquals(400, response.status(), response.toString());
            OpenApiContract.assertValid("ErrorResponse", response.json());
            assertEquals("invalid_content_encoding", response.json().at("/error/code").asText(), response.toString());
            assertTrue(response.json().at("/error/message").asText().contains("Content-Encoding"), response.toString());
        }
        RawHttp.Response anthropic = http.with("Content-Encoding", "gzip").send("POST", "/v1/messages", JSON, utf8(chat("")));
        assertEquals(400, anthropic.status(), anthropic.toString());
        assertEquals("invalid_request_error", anthropic.json().at("/error/type").asText(), anthropic.toString());

        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(utf8(chat("")));
        }
        RawHttp.Response served = http.with("Content-Encoding", "gzip").send("POST", CHAT, JSON, gzipped.toByteArray());
        assertEquals(200, served.status(), served.toString());
        OpenApiContract.assertValid("CreateChatCompletionResponse", served.json());
    }

    /** Requests Netty cannot decode, sent over a socket as no HTTP client would write them. */
    @Test
    void malformedHttpIs400MalformedHttp() throws Exception {
        String body = chat("");
        List<String> requests = List.of(
                "POST " + CHAT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\nContent-Length: 5\r\nConnection: close\r\n\r\n" + body,
                "POST " + CHAT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\nConnection: close\r\n\r\n");
        for (String request : requests) {
            String answer = exchange(request);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), answer);
            JsonNode error = Json.MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            OpenApiContract.assertValid("ErrorResponse", error);
            assertEquals("malformed_http", error.at("/error/code").asText(), answer);
        }
    }

    /** Writes a raw request and reads the answer until the server closes the connection. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket(gateway.uri().getHost(), gateway.uri().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertFramingError(RawHttp.Response response, int status, String names) {
        assertEquals(status, response.status(), response.toString());
        OpenApiContract.assertValid("ErrorResponse", response.json());
        String message = response.json().at("/error/message").asText();
        assertTrue(message.contains(names) && !message.contains("body"), response.toString());
        assertTrue(response.headers().firstValue("x-request-id").isPresent(), response.toString());
    }

    // ---- bodies --------------------------------------------------------------------------------

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

}

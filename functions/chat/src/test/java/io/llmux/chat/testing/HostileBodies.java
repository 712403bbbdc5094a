package io.llmux.chat.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The hostile-body table every JSON inference route must answer with the right 4xx in its own
 * API's error shape: bodies that are not JSON, not an object, malformed or hostile JSON, too
 * large, or with a model that is missing, of the wrong type or unknown. Each row breaks one thing
 * in a body that is otherwise valid for the route (a {@link Route} says how its valid body looks),
 * so the error is about that one thing. The OpenAI route (BadInputTest) and the Anthropic route
 * (AnthropicBadInputTest) each add the rows about their own fields.
 */
public final class HostileBodies {

    public static final String JSON = "application/json";

    /** What a leaked Java internal looks like: a qualified class name, an exception, a stack frame. */
    public static final Pattern JAVA_INTERNALS = Pattern.compile(
            "Exception|Throwable|\\bat [a-z]+\\.|\\b(?:java|javax|jdk|sun|com|io|org|reactor|net)\\.[a-z0-9_]+\\.[A-Za-z0-9_.$]+"
                    + "|jackson|micronaut|netty|Feature\\.|Constraints|`",
            Pattern.CASE_INSENSITIVE);

    private HostileBodies() {
    }

    /**
     * One row. {@code param}: the field the error must name, or null; {@code hint}: words the error
     * message must contain, or null.
     */
    public record Case(String path, String contentType, byte[] body, int status, String param, String hint) {
    }

    /** How a valid request of one route is written. */
    public interface Route {

        String path();

        /**
         * A valid body whose one user message says {@code userText}.
         *
         * @param model         the model as raw JSON ({@code "\"mock-chat\""}), or null for no model field
         * @param userText      the user's text, written as is between the quotes of a JSON string
         * @param messageFields more fields of the user message (",\"x\":1"), or ""
         * @param fields        more fields of the body (",\"temperature\":1"), or ""
         */
        String body(String model, String userText, String messageFields, String fields);

        default String valid(String fields) {
            return body("\"mock-chat\"", "Hi", "", fields);
        }
    }

    /** The rows about the body as a whole: content type, JSON syntax, hostile JSON, size. */
    public static Stream<Arguments> wholeBody(Route route, int maxRequestBytes) {
        String path = route.path();
        String valid = route.valid("");
        return Stream.of(
                row("wrong content type", path, "text/plain", utf8(valid), 415, null),
                row("form content type", path, "application/x-www-form-urlencoded", utf8("model=mock-chat"), 415, null),
                row("missing content type", path, null, utf8(valid), 415, null),
                row("empty body", path, JSON, new byte[0], 400, null),
                row("whitespace body", path, JSON, utf8("  \n "), 400, null),
                row("JSON array, not an object", path, JSON, utf8("[" + valid + "]"), 400, null),
                row("JSON string, not an object", path, JSON, utf8("\"hello\""), 400, null),
                row("JSON null, not an object", path, JSON, utf8("null"), 400, null),
                row("truncated JSON", path, JSON, utf8(valid.substring(0, valid.indexOf("\"role\"") + 6)), 400, null),
                row("trailing garbage after the object", path, JSON, utf8(valid + " {\"x\":1}"), 400, null, "after the JSON object"),
                row("trailing text after the object", path, JSON, utf8(valid + "garbage"), 400, null),
                row("duplicate keys", path, JSON, utf8("{\"model\":\"gpt-4o\"," + valid.substring(1)), 400, null),
                row("NaN literal", path, JSON, utf8(route.valid(",\"temperature\":NaN")), 400, null, "NaN"),
                row("single-quoted strings", path, JSON, utf8("{'model':'mock-chat'}"), 400, null),
                row("deep nesting", path, JSON, utf8(route.valid(",\"metadata\":" + "[".repeat(200) + "]".repeat(200))), 400, null,
                        "nests deeper"),
                row("deep nesting of objects in a message", path, JSON,
                        utf8(route.body("\"mock-chat\"", "Hi", ",\"x\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100), "")), 400, null,
                        "nests deeper"),
                row("number with 2000 digits", path, JSON, utf8(route.valid(",\"temperature\":" + "1".repeat(2000))), 400, null, "number"),
                row("number with a leading plus sign", path, JSON, utf8(route.valid(",\"temperature\":+1")), 400, null, "plus sign"),
                row("unescaped newline inside a string", path, JSON, utf8(route.body("\"mock-chat\"", "a\nb", "", "")), 400, null),
                row("invalid UTF-8 bytes", path, JSON, invalidUtf8(route), 400, null),
                row("body just over the size limit", path, JSON, utf8(ofSize(route, maxRequestBytes + 1)), 413, null));
    }

    /** The rows about the model field. */
    public static Stream<Arguments> model(Route route) {
        String path = route.path();
        return Stream.of(
                row("null model", path, JSON, utf8(route.body("null", "Hi", "", "")), 400, "model"),
                row("missing model", path, JSON, utf8(route.body(null, "Hi", "", "")), 400, "model"),
                row("model is a number", path, JSON, utf8(route.body("42", "Hi", "", "")), 400, "model"),
                row("model is an object", path, JSON, utf8(route.body("{\"id\":\"mock-chat\"}", "Hi", "", "")), 400, "model"),
                row("empty model", path, JSON, utf8(route.body("\"  \"", "Hi", "", "")), 400, "model"),
                row("unknown model with markup", path, JSON, utf8(route.body("\"<script>alert(1)</script>\"", "Hi", "", "")), 404, "model"));
    }

    /** A valid body of exactly {@code size} bytes, padded inside the user's text. */
    public static String ofSize(Route route, int size) {
        int empty = route.body("\"mock-chat\"", "", "", "").length();
        return route.body("\"mock-chat\"", "a".repeat(size - empty), "", "");
    }

    public static Arguments row(String name, String path, String contentType, byte[] body, int status, String param) {
        return row(name, path, contentType, body, status, param, null);
    }

    public static Arguments row(String name, String path, String contentType, byte[] body, int status, String param, String hint) {
        return Arguments.of(Named.of(name, new Case(path, contentType, body, status, param, hint)));
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A body whose user text holds bytes that are not UTF-8: a lone continuation byte and 0xFF. */
    private static byte[] invalidUtf8(Route route) {
        String[] halves = route.body("\"mock-chat\"", "Hi @@", "", "").split("@@");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8(halves[0]));
        bytes.write(0x80);
        bytes.write(0xFF);
        bytes.writeBytes(utf8(halves[1]));
        return bytes.toByteArray();
    }
}

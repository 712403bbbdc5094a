package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.chat.testing.GatewayServer;
import io.llmux.chat.testing.HostileBodies;
import io.llmux.json.Json;
import io.llmux.testing.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broad net under the curated tables of BadInputTest and AnthropicBadInputTest: every field of a
 * valid body of each inference route (streamed and not), and every field the APIs define beside
 * it, dropped or set to each of 15 values of the wrong type or size, each sent as a request. The assertions are
 * the ones that hold whatever the field: no 5xx, an error in the route's own shape, and no Java
 * internals in the answer. A sweep like this (run by hand against the local server) is what found
 * that a missing key was answered with a 400 about the body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutationSweepTest {

    /** Values of the wrong type, out of range, empty, huge and odd, for any field. */
    private static final List<String> ODD_VALUES = List.of("null", "0", "-1", "1.5", "1e30", "true", "\"\"", "\"x\"",
            "\"" + "x".repeat(20_000) + "\"", "[]", "[1]", "[\"x\"]", "{}", "{\"a\":1}", "\"\\u0000\"");

    /** Fields the OpenAI and Anthropic APIs define that the base bodies leave out. */
    private static final List<String> OTHER_FIELDS = List.of("stream", "stream_options", "temperature", "top_p", "top_k",
            "max_tokens", "max_completion_tokens", "n", "stop", "stop_sequences", "seed", "user", "metadata", "tools", "tool_choice",
            "parallel_tool_calls", "response_format", "logit_bias", "logprobs", "top_logprobs", "presence_penalty",
            "frequency_penalty", "system", "thinking", "encoding_format", "dimensions", "input", "reasoning_effort", "store");

    private GatewayServer gateway;

    @BeforeAll
    void start() {
        gateway = GatewayServer.start(Map.of("llmux.max-request-bytes", 64 * 1024));
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    static Stream<Arguments> routes() {
        String user = "{\"role\":\"user\",\"content\":\"Hi\"}";
        return Stream.of(
                Arguments.of("/v1/chat/completions", "{\"model\":\"mock-chat\",\"messages\":[" + user + "]}", false),
                Arguments.of("/v1/chat/completions", "{\"model\":\"mock-chat\",\"stream\":true,\"messages\":[" + user + "]}", false),
                Arguments.of("/v1/embeddings", "{\"model\":\"mock-embedding\",\"input\":\"Hi\"}", false),
                Arguments.of("/v1/messages", "{\"model\":\"mock-chat\",\"max_tokens\":64,\"messages\":[" + user + "]}", true),
                Arguments.of("/v1/messages", "{\"model\":\"mock-chat\",\"max_tokens\":64,\"stream\":true,\"messages\":[" + user + "]}", true),
                Arguments.of("/v1/messages/count_tokens", "{\"model\":\"mock-chat\",\"messages\":[" + user + "]}", true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void everyFieldDroppedOrOddIsAnsweredWithoutA5xxInTheRoutesErrorShape(String path, String validBody, boolean anthropic) {
        ObjectNode valid = (ObjectNode) parse(validBody);
        List<String> bodies = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        valid.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            ObjectNode dropped = valid.deepCopy();
            dropped.remove(field);
            bodies.add(dropped.toString());
        }
        for (String field : concat(fields, OTHER_FIELDS)) {
            for (String value : ODD_VALUES) {
                ObjectNode body = valid.deepCopy();
                body.set(field, parse(value));
                bodies.add(body.toString());
            }
        }
        // The first message's own fields, where the route has messages.
        if (valid.has("messages")) {
            for (String field : List.of("role", "content", "name", "tool_calls", "tool_call_id", "cache_control")) {
                for (String value : ODD_VALUES) {
                    ObjectNode body = valid.deepCopy();
                    ((ObjectNode) body.get("messages").get(0)).set(field, parse(value));
                    bodies.add(body.toString());
                }
            }
        }

        RawHttp http = gateway.http();
        List<String> failures = new ArrayList<>();
        for (String body : bodies) {
            RawHttp.Response response = http.send("POST", path, HostileBodies.JSON, body);
            String problem = problem(response, anthropic);
            if (problem != null) {
                failures.add(problem + " for " + abbreviate(body) + ": " + abbreviate(response.toString()));
            }
        }
        assertTrue(bodies.size() > 400, "the sweep shrank: " + bodies.size() + " bodies");
        assertTrue(failures.isEmpty(), failures.size() + " of " + bodies.size() + " bodies:\n" + String.join("\n", failures));
    }

    /** What is wrong with an answer whatever the request was, or null. */
    private static String problem(RawHttp.Response response, boolean anthropic) {
        if (response.status() >= 500) {
            return "HTTP " + response.status();
        }
        if (HostileBodies.JAVA_INTERNALS.matcher(response.body()).find()) {
            return "Java internals";
        }
        if (response.status() < 400 || response.contentType().startsWith("text/event-stream")) {
            return null;
        }
        JsonNode error;
        try {
            error = parse(response.body());
        } catch (RuntimeException e) {
            return "an error that is not JSON";
        }
        boolean shaped = anthropic
                ? "error".equals(error.path("type").asText()) && error.path("error").path("message").isTextual()
                : error.path("error").path("message").isTextual() && error.path("error").path("type").isTextual();
        return shaped ? null : "an error not in the route's shape";
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(field -> !a.contains(field)).forEach(all::add);
        return all;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}

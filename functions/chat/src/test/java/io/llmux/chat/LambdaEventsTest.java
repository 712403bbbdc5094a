package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmux.snapstart.SnapStartHooks;
import io.llmux.testing.LambdaJarPath;
import io.llmux.testing.SamTemplate;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the chat function's Lambda handler, as template.yaml declares it and with the environment
 * template.yaml gives it, on every sample event in events/: what {@code sam local invoke} would do,
 * without Docker. A new event file is picked up on its own, so the samples cannot rot.
 */
class LambdaEventsTest {

    private static final String FUNCTION = "ChatFunction";
    /** The key in the Authorization header of every file in events/. */
    private static final String SAMPLE_EVENTS_KEY = "llmux-sk-sam-local-dev";
    /** How the managed runtime reads an event: by property name, ignoring fields the class lacks. */
    private static final ObjectMapper EVENTS = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SamTemplate template;
    private static RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler;
    private static ApplicationContext context;

    @BeforeAll
    static void startHandlerAsTheTemplateDeclaresIt() throws Exception {
        template = SamTemplate.load();
        Class<?> type = handlerClass(template.functions().get(FUNCTION).path("Handler").asText());
        // The handler's own no-argument constructor builds this same LambdaApplicationContextBuilder
        // context from the process environment; here the environment is template.yaml's.
        Map<String, Object> environment = new HashMap<>(template.environment(FUNCTION));
        // What `sam local invoke --parameter-overrides DevKey=...` gives: the sample events' key.
        environment.put("LLMUX_DEV_KEY", SAMPLE_EVENTS_KEY);
        context = new LambdaApplicationContextBuilder()
                .propertySources(PropertySource.of("template.yaml", environment,
                        PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .build();
        @SuppressWarnings("unchecked")
        var created = (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                type.getConstructor(ApplicationContext.class).newInstance(context);
        handler = created;
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void everyFunctionInTheTemplateNamesAHandlerOnTheClasspath() {
        Map<String, JsonNode> functions = template.functions();
        assertTrue(functions.containsKey(FUNCTION), "template.yaml declares no " + FUNCTION + ": " + functions.keySet());
        functions.forEach((name, properties) -> {
            String handler = properties.path("Handler").asText();
            if (handler.startsWith("io.llmux.") && !handler.startsWith("io.llmux.chat.")) {
                // A handler class of LLMux's own in another module (the quota-reset function's):
                // that module's test loads it; on this classpath it cannot be.
                assertTrue(Files.isRegularFile(template.root().resolve(Path.of(properties.path("CodeUri").asText())).getParent().getParent()
                        .resolve("src/main/java").resolve(handler.replace('.', '/') + ".java")), name + ": " + handler + " has no source");
                return;
            }
            Class<?> type = handlerClass(handler);
            assertTrue(RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type),
                    name + ": " + type.getName() + " is not a Lambda handler");
            assertEquals("java25", properties.path("Runtime").asText(), name + " runtime");
        });
    }

    @Test
    void theTemplateCodeUriIsTheJarThisModuleBuilds() throws IOException {
        Path codeUri = Path.of(template.functions().get(FUNCTION).path("CodeUri").asText());
        // The Lambda jar (the AOT-optimised one), not the module's own jar.
        LambdaJarPath.assertIsTheLambdaJarItsModuleBuilds(template.root(), codeUri);
        assertEquals(Path.of("").toAbsolutePath().normalize(), template.root().resolve(codeUri).getParent().getParent().normalize(),
                "CodeUri points into this module");
    }

    @Test
    void intrinsicFunctionsAreReadAsCloudFormationReadsThem() {
        JsonNode outputs = template.tree().path("Outputs");
        assertEquals("ChatFunction.Arn", outputs.path("ChatFunctionArn").path("Value").path("Fn::GetAtt").asText());
        assertTrue(outputs.path("OpenAiBaseUrl").path("Value").path("Fn::Sub").asText().contains("${ServerlessRestApi}"));
        assertEquals("true", template.environment(FUNCTION).get("LLMUX_MOCK_PROVIDER"), "!Ref MockProvider resolves to its Default");
    }

    @Test
    void everySampleEventGoesToAFunctionOfTheTemplate() throws IOException {
        for (Path file : sampleEvents()) {
            JsonNode event = EVENTS.readTree(file.toFile());
            assertTrue(template.functionInvokedBy(event).isPresent(),
                    file.getFileName() + ": no function in template.yaml serves the resource " + event.path("resource")
                            + " or is scheduled with the source " + event.path("source"));
        }
    }

    /** The events API Gateway sends to this function; the others' are their own modules' to check. */
    @TestFactory
    Stream<DynamicTest> everySampleEventIsAnsweredInFull() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path file : sampleEvents()) {
            String resource = EVENTS.readValue(file.toFile(), APIGatewayProxyRequestEvent.class).getResource();
            if (template.functionServing(resource).filter(FUNCTION::equals).isPresent()) {
                files.add(file);
            }
        }
        assertFalse(files.isEmpty(), "events/ holds no sample event for " + FUNCTION);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> checkAnswer(file)));
    }

    /** SnapStart runs the CRaC hooks around its snapshot; a restored function must answer as a fresh one does. */
    @Test
    void everySampleEventIsAnsweredAfterTheSnapStartHooksRun() throws IOException {
        SnapStartHooks hooks = context.getBean(SnapStartHooks.class);
        hooks.beforeCheckpoint(null);
        hooks.afterRestore(null);
        int answered = 0;
        for (Path file : sampleEvents()) {
            String resource = EVENTS.readValue(file.toFile(), APIGatewayProxyRequestEvent.class).getResource();
            if (template.functionServing(resource).filter(FUNCTION::equals).isPresent()) {
                checkAnswer(file);
                answered++;
            }
        }
        assertTrue(answered > 0, "no sample event for " + FUNCTION);
    }

    private static List<Path> sampleEvents() throws IOException {
        try (Stream<Path> listing = Files.list(template.root().resolve("events"))) {
            return listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static void checkAnswer(Path file) throws IOException {
        APIGatewayProxyRequestEvent event = EVENTS.readValue(file.toFile(), APIGatewayProxyRequestEvent.class);
        APIGatewayProxyResponseEvent response = invoke(event);

        assertEquals(200, response.getStatusCode(), () -> file + " answered " + response.getBody());
        assertNotEquals(Boolean.TRUE, response.getIsBase64Encoded(), "a text answer must not need API Gateway binary media types");
        String requestId = header(response, "x-request-id");
        assertNotNull(requestId, "x-request-id");
        String sentId = header(event.getHeaders(), "x-request-id");
        if (sentId != null) {
            assertEquals(sentId, requestId, "the caller's request id is echoed");
        }

        JsonNode request = event.getBody() == null ? JSON.nullNode() : JSON.readTree(event.getBody());
        if (request.path("stream").asBoolean(false)) {
            assertTrue(header(response, "content-type").startsWith("text/event-stream"), header(response, "content-type"));
            checkStream(response.getBody(), request.path("stream_options").path("include_usage").asBoolean(false));
            return;
        }
        assertTrue(header(response, "content-type").startsWith("application/json"), header(response, "content-type"));
        JsonNode body = JSON.readTree(response.getBody());
        switch (event.getHttpMethod() + " " + event.getPath()) {
            case "POST /v1/chat/completions" -> assertAll(
                    () -> assertEquals("chat.completion", body.path("object").asText()),
                    () -> assertEquals(request.path("model").asText(), body.path("model").asText()),
                    () -> assertFalse(body.path("choices").path(0).path("message").path("content").asText().isEmpty(), body::toString),
                    () -> assertTrue(body.path("usage").path("total_tokens").asInt() > 0, body::toString));
            case "GET /v1/models" -> assertAll(
                    () -> assertEquals("list", body.path("object").asText()),
                    () -> assertTrue(body.path("data").findValuesAsText("id").contains("mock-chat"), body::toString));
            case "POST /v1/embeddings" -> assertAll(
                    () -> assertEquals("list", body.path("object").asText()),
                    () -> assertEquals(request.path("input").size(), body.path("data").size(), body::toString),
                    () -> assertTrue(body.path("data").path(0).path("embedding").size() > 0, body::toString));
            default -> assertTrue(body.isObject(), body::toString);
        }
    }

    /** OpenAI's SSE framing, as the buffered path returns it: the whole stream in one body. */
    private static void checkStream(String body, boolean includeUsage) throws IOException {
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                assertTrue(line.startsWith("data: "), () -> "not an SSE data line: " + line);
                data.add(line.substring("data: ".length()));
            }
        }
        assertEquals("[DONE]", data.getLast(), body);
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        StringBuilder text = new StringBuilder();
        boolean usageSeen = false;
        for (String json : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(json);
            assertEquals("chat.completion.chunk", chunk.path("object").asText(), json);
            chunk.path("choices").forEach(choice -> text.append(choice.path("delta").path("content").asText("")));
            if (chunk.path("usage").isObject()) {
                usageSeen = true;
                assertEquals(0, chunk.path("choices").size(), "the usage chunk has no choices");
                assertTrue(chunk.path("usage").path("completion_tokens").asInt() > 0, json);
            }
        }
        assertEquals(includeUsage, usageSeen, "usage chunk when include_usage is set, and only then");
        assertFalse(text.isEmpty(), "the stream carried no text");
    }

    @Test
    void malformedJsonIsA400InOpenAiShape() throws IOException {
        APIGatewayProxyResponseEvent response = invoke(chatEvent("{\"model\":\"mock-chat\",\"messages\":[", "application/json"));
        assertOpenAiError(response, 400, "invalid_request_error");
    }

    @Test
    void aNonJsonContentTypeIsA415InOpenAiShape() throws IOException {
        APIGatewayProxyResponseEvent response = invoke(chatEvent(sampleChatBody(), "text/plain"));
        assertOpenAiError(response, 415, "invalid_request_error");
    }

    @Test
    void aBodyOverTheConfiguredLimitIsA413InOpenAiShape() throws IOException {
        long limit = Long.parseLong(template.environment(FUNCTION).get("LLMUX_MAX_REQUEST_BYTES"));
        assertEquals(limit, context.getProperty("llmux.max-request-bytes", Long.class).orElseThrow(),
                "the handler runs with template.yaml's limit");
        // A valid request, so that only its size can be the reason it is refused.
        String prefix = "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"";
        String suffix = "\"}]}";
        String body = prefix + "a".repeat((int) limit + 1 - prefix.length() - suffix.length()) + suffix;
        assertEquals(limit + 1, body.length());
        assertOpenAiError(invoke(chatEvent(body, "application/json")), 413, "invalid_request_error");
    }

    @Test
    void anUnknownRouteIsA404InOpenAiShape() throws IOException {
        APIGatewayProxyRequestEvent event = chatEvent(sampleChatBody(), "application/json");
        event.setPath("/v1/nowhere");
        event.setPathParameters(Map.of("proxy", "v1/nowhere"));
        assertOpenAiError(invoke(event), 404, "invalid_request_error");
    }

    private static void assertOpenAiError(APIGatewayProxyResponseEvent response, int status, String type) throws IOException {
        assertEquals(status, response.getStatusCode(), response::getBody);
        assertTrue(header(response, "content-type").startsWith("application/json"), header(response, "content-type"));
        JsonNode error = JSON.readTree(response.getBody()).path("error");
        assertEquals(type, error.path("type").asText(), response::getBody);
        assertFalse(error.path("message").asText().isBlank(), response::getBody);
        assertTrue(error.has("param") && error.has("code"), response::getBody);
        assertFalse(response.getBody().contains("Exception"), response::getBody);
    }

    /** The sample chat event with another body and Content-Type. */
    private static APIGatewayProxyRequestEvent chatEvent(String body, String contentType) throws IOException {
        APIGatewayProxyRequestEvent event = EVENTS.readValue(template.root().resolve("events/chat-completion.json").toFile(),
                APIGatewayProxyRequestEvent.class);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("Content-Type", contentType);
        headers.put("Content-Length", Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        event.setHeaders(headers);
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        event.setMultiValueHeaders(multi);
        event.setBody(body);
        return event;
    }

    private static String sampleChatBody() throws IOException {
        return EVENTS.readValue(template.root().resolve("events/chat-completion.json").toFile(), APIGatewayProxyRequestEvent.class).getBody();
    }

    private static APIGatewayProxyResponseEvent invoke(APIGatewayProxyRequestEvent event) {
        return handler.handleRequest(event, new MockLambdaContext());
    }

    private static Class<?> handlerClass(String handler) {
        String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            return fail("template.yaml names handler " + handler + ", which is not on the classpath");
        }
    }

    private static String header(APIGatewayProxyResponseEvent response, String name) {
        String single = header(response.getHeaders(), name);
        if (single != null) {
            return single;
        }
        Map<String, List<String>> multi = response.getMultiValueHeaders();
        if (multi != null) {
            for (Map.Entry<String, List<String>> entry : multi.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return entry.getValue().getFirst();
                }
            }
        }
        return null;
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return headers.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(lower))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}

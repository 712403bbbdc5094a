package io.llmux.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the admin function's Lambda handler, as template.yaml declares it and with its environment,
 * on every sample event API Gateway would route to it: what {@code sam local invoke AdminFunction}
 * does, without Docker.
 */
class AdminLambdaEventsTest {

    private static final String FUNCTION = "AdminFunction";
    /** The admin token in every admin sample event, and the development key the chat events use. */
    private static final String SAMPLE_ADMIN_TOKEN = "llmux-admin-sam-local-dev";
    private static final String SAMPLE_DEV_KEY = "llmux-sk-sam-local-dev";
    private static final ObjectMapper EVENTS = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyAdminSampleEventIsAnsweredInFull() throws IOException {
        SamTemplate template = SamTemplate.load();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(template.root().resolve("events"))) {
            for (Path file : listing.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                if (template.functionServing(event(file).getResource()).filter(FUNCTION::equals).isPresent()) {
                    files.add(file);
                }
            }
        }
        assertTrue(files.size() >= 3, "events/ should hold the admin samples (create tenant, list tenants, create key): " + files);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            // A fresh handler per event, as `sam local invoke` starts a fresh function each time.
            try (Handler handler = Handler.start(template, Map.of("LLMUX_ADMIN_TOKEN", SAMPLE_ADMIN_TOKEN, "LLMUX_DEV_KEY", SAMPLE_DEV_KEY))) {
                checkAnswer(event(file), handler.invoke(event(file)));
            }
        }));
    }

    /** SnapStart runs the CRaC hooks around its snapshot; a restored function must answer as a fresh one does. */
    @Test
    void anAdminEventIsAnsweredAfterTheSnapStartHooksRun() throws IOException {
        SamTemplate template = SamTemplate.load();
        try (Handler handler = Handler.start(template, Map.of("LLMUX_ADMIN_TOKEN", SAMPLE_ADMIN_TOKEN, "LLMUX_DEV_KEY", SAMPLE_DEV_KEY))) {
            SnapStartHooks hooks = handler.context().getBean(SnapStartHooks.class);
            hooks.beforeCheckpoint(null);
            hooks.afterRestore(null);
            APIGatewayProxyRequestEvent list = event(template.root().resolve("events/admin-list-tenants.json"));
            checkAnswer(list, handler.invoke(list));
            APIGatewayProxyRequestEvent create = event(template.root().resolve("events/admin-create-tenant.json"));
            checkAnswer(create, handler.invoke(create));
        }
    }

    @Test
    void withTheTemplateDefaultsTheAdminApiIsClosed() throws IOException {
        SamTemplate template = SamTemplate.load();
        assertEquals("", template.environment(FUNCTION).get("LLMUX_ADMIN_TOKEN"), "the AdminToken parameter defaults to empty");
        try (Handler handler = Handler.start(template, Map.of())) {
            APIGatewayProxyResponseEvent response = handler.invoke(event(template.root().resolve("events/admin-list-tenants.json")));
            JsonNode error = assertOpenAiError(response, 401);
            assertEquals("admin_api_disabled", error.path("code").asText());
        }
    }

    @Test
    void aTenantKeyAndAnUnknownRouteAreRefusedInOpenAiShape() throws IOException {
        SamTemplate template = SamTemplate.load();
        try (Handler handler = Handler.start(template, Map.of("LLMUX_ADMIN_TOKEN", SAMPLE_ADMIN_TOKEN, "LLMUX_DEV_KEY", SAMPLE_DEV_KEY))) {
            APIGatewayProxyRequestEvent withTenantKey = event(template.root().resolve("events/admin-list-tenants.json"));
            withTenantKey.setHeaders(replaced(withTenantKey.getHeaders(), "Authorization", "Bearer " + SAMPLE_DEV_KEY));
            withTenantKey.setMultiValueHeaders(null);
            assertEquals("tenant_key_not_accepted", assertOpenAiError(handler.invoke(withTenantKey), 401).path("code").asText());

            APIGatewayProxyRequestEvent unknown = event(template.root().resolve("events/admin-list-tenants.json"));
            unknown.setPath("/api/nowhere");
            unknown.setPathParameters(Map.of("proxy", "nowhere"));
            assertEquals("unknown_url", assertOpenAiError(handler.invoke(unknown), 404).path("code").asText());

            APIGatewayProxyRequestEvent notJson = event(template.root().resolve("events/admin-create-tenant.json"));
            notJson.setBody("name=search-team");
            notJson.setHeaders(replaced(notJson.getHeaders(), "Content-Type", "application/x-www-form-urlencoded"));
            notJson.setMultiValueHeaders(null);
            assertOpenAiError(handler.invoke(notJson), 415);
        }
    }

    @Test
    void theTemplateNamesAHandlerAndTheJarThisModuleBuilds() throws Exception {
        SamTemplate template = SamTemplate.load();
        JsonNode function = template.functions().get(FUNCTION);
        assertNotNull(function, "template.yaml declares no " + FUNCTION);
        assertTrue(RequestHandler.class.isAssignableFrom(Class.forName(function.path("Handler").asText())));
        assertEquals("java25", function.path("Runtime").asText());
        Path codeUri = Path.of(function.path("CodeUri").asText());
        Path module = template.root().resolve(codeUri).getParent().getParent();
        assertEquals(Path.of("").toAbsolutePath().normalize(), module.normalize(), "CodeUri points into this module");
        // The Lambda jar (the AOT-optimised one), not the module's own jar.
        LambdaJarPath.assertIsTheLambdaJarItsModuleBuilds(template.root(), codeUri);
    }

    private static void checkAnswer(APIGatewayProxyRequestEvent event, APIGatewayProxyResponseEvent response) throws IOException {
        int expected = event.getHttpMethod().equals("POST") ? 201 : 200;
        assertEquals(expected, response.getStatusCode(), response::getBody);
        assertNotEquals(Boolean.TRUE, response.getIsBase64Encoded());
        assertTrue(header(response, "content-type").startsWith("application/json"), header(response, "content-type"));
        assertNotNull(header(response, "x-request-id"), "x-request-id");
        JsonNode request = event.getBody() == null ? JSON.nullNode() : JSON.readTree(event.getBody());
        JsonNode body = JSON.readTree(response.getBody());
        switch (event.getHttpMethod() + " " + event.getPath()) {
            case "POST /api/tenants" -> {
                assertTrue(body.path("id").asText().startsWith("ten_"), body::toString);
                assertEquals(request.path("name"), body.path("name"));
                assertEquals(request.path("settings").path("time_zone"), body.path("settings").path("time_zone"));
            }
            case "GET /api/tenants" -> {
                assertTrue(body.path("data").isArray(), body::toString);
                assertTrue(body.has("next_page_token"), body::toString);
                assertEquals("ten_development", body.path("data").path(0).path("id").asText(), "the seeded development tenant");
            }
            default -> {
                assertTrue(event.getPath().matches("/api/tenants/[^/]+/keys"), "an unchecked sample: " + event.getPath());
                assertTrue(body.path("secret").asText().startsWith("llmux-sk-"), body::toString);
                assertEquals(request.path("name"), body.path("name"));
                assertFalse(body.has("hash"), body::toString);
            }
        }
    }

    private static JsonNode assertOpenAiError(APIGatewayProxyResponseEvent response, int status) throws IOException {
        assertEquals(status, response.getStatusCode(), response::getBody);
        JsonNode error = JSON.readTree(response.getBody()).path("error");
        assertFalse(error.path("message").asText().isBlank(), response::getBody);
        assertTrue(error.has("type") && error.has("param") && error.has("code"), response::getBody);
        assertFalse(response.getBody().contains("Exception"), response::getBody);
        return error;
    }

    private static APIGatewayProxyRequestEvent event(Path file) throws IOException {
        return EVENTS.readValue(file.toFile(), APIGatewayProxyRequestEvent.class);
    }

    private static Map<String, String> replaced(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.keySet().removeIf(n -> n.equalsIgnoreCase(name));
        copy.put(name, value);
        return copy;
    }

    private static String header(APIGatewayProxyResponseEvent response, String name) {
        if (response.getHeaders() != null) {
            for (Map.Entry<String, String> entry : response.getHeaders().entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
        }
        if (response.getMultiValueHeaders() != null) {
            for (Map.Entry<String, List<String>> entry : response.getMultiValueHeaders().entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return entry.getValue().getFirst();
                }
            }
        }
        return null;
    }

    /** The template's handler class, built as the managed runtime builds it, with the template's environment. */
    private record Handler(ApplicationContext context, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler)
            implements AutoCloseable {

        static Handler start(SamTemplate template, Map<String, String> overrides) {
            Map<String, Object> environment = new HashMap<>(template.environment(FUNCTION));
            environment.putAll(overrides);
            ApplicationContext context = new LambdaApplicationContextBuilder()
                    .propertySources(PropertySource.of("template.yaml", environment, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                    .build();
            try {
                Class<?> type = Class.forName(template.functions().get(FUNCTION).path("Handler").asText());
                @SuppressWarnings("unchecked")
                var handler = (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                        type.getConstructor(ApplicationContext.class).newInstance(context);
                return new Handler(context, handler);
            } catch (ReflectiveOperationException e) {
                context.close();
                throw new IllegalStateException(e);
            }
        }

        APIGatewayProxyResponseEvent invoke(APIGatewayProxyRequestEvent event) {
            return handler.handleRequest(event, new MockLambdaContext());
        }

        @Override
        public void close() {
            context.close();
        }
    }
}

package io.llmux.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Validates JSON against a component schema of OpenAI's own OpenAPI document
 * ({@code ../shared/specs/openai/openapi.yaml}), the contract LLMux's OpenAI-compatible routes
 * must honour. Any module's tests can use it: {@code assertValid("ErrorResponse", body)}.
 *
 * <p>The document's location comes from the system property {@value #SPEC_PROPERTY}, which the
 * root pom.xml sets for surefire. A missing document is an error, never a reason to skip: a
 * contract test that silently passes without its contract is worse than none.
 *
 * <p>The document is about 87,000 lines of YAML, so it is parsed once per JVM and each named
 * schema is compiled once.
 */
public final class OpenApiContract {

    public static final String SPEC_PROPERTY = "llmux.openapi.spec";

    /** A name for the document, so that its {@code #/components/...} references resolve in it. */
    private static final String DOCUMENT_IRI = "https://llmux.invalid/openai/openapi.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentMap<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static JsonSchema document;
    private static JsonNode components;

    private OpenApiContract() {
    }

    /** Throws an {@link AssertionError} listing every violation when {@code instance} does not match. */
    public static void assertValid(String schemaName, JsonNode instance) {
        List<String> violations = violations(schemaName, instance);
        if (!violations.isEmpty()) {
            throw new AssertionError("JSON does not match OpenAI's " + schemaName + " schema:\n  - "
                    + String.join("\n  - ", violations) + "\nJSON: " + abbreviate(instance.toString()));
        }
    }

    /** As {@link #assertValid(String, JsonNode)}, for JSON text (which must parse). */
    public static void assertValid(String schemaName, String json) {
        assertValid(schemaName, parse(json));
    }

    /** What is wrong with {@code instance} as an instance of {@code #/components/schemas/NAME}; empty when valid. */
    public static List<String> violations(String schemaName, JsonNode instance) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(schemaName, OpenApiContract::compile);
        List<String> violations = new ArrayList<>();
        for (ValidationMessage message : schema.validate(instance)) {
            violations.add(message.getMessage());
        }
        violations.sort(null);
        return violations;
    }

    /**
     * Validates a whole server-sent-events body of {@code POST /v1/chat/completions}: each
     * {@code data:} event up to {@code [DONE]} against CreateChatCompletionStreamResponse, or
     * against ErrorResponse when it is an error event. The stream must end with {@code [DONE]} or
     * with one error event, and nothing may follow either: a stream that just stops is a cut answer.
     */
    public static StreamEvents assertValidStream(String sseBody) {
        List<JsonNode> chunks = new ArrayList<>();
        List<String> events = SseEvents.data(sseBody);
        for (int i = 0; i < events.size(); i++) {
            String data = events.get(i);
            boolean last = i == events.size() - 1;
            if (data.equals("[DONE]")) {
                if (!last) {
                    throw new AssertionError("Events follow data: [DONE] in the stream:\n" + abbreviate(sseBody));
                }
                return new StreamEvents(chunks, null, true);
            }
            JsonNode event = parse(data);
            if (event.has("error")) {
                assertValid("ErrorResponse", event);
                if (!last) {
                    throw new AssertionError("Events follow the error event in the stream:\n" + abbreviate(sseBody));
                }
                return new StreamEvents(chunks, event, false);
            }
            assertValid("CreateChatCompletionStreamResponse", event);
            chunks.add(event);
        }
        throw new AssertionError("The stream ends with neither data: [DONE] nor an error event:\n" + abbreviate(sseBody));
    }

    /**
     * The events of a valid stream.
     *
     * @param chunks the chat completion chunks, in order
     * @param error  the final error event ({@code {"error":{...}}}), or null
     * @param done   whether the stream ended with {@code data: [DONE]}
     */
    public record StreamEvents(List<JsonNode> chunks, JsonNode error, boolean done) {
    }

    private static JsonSchema compile(String schemaName) {
        JsonSchema root = document();
        if (!components.has(schemaName)) {
            throw new IllegalArgumentException("OpenAI's OpenAPI document has no schema #/components/schemas/" + schemaName + ".");
        }
        JsonNodePath pointer = new JsonNodePath(PathType.JSON_POINTER).append("components").append("schemas").append(schemaName);
        return root.getRefSchema(pointer);
    }

    private static synchronized JsonSchema document() {
        if (document == null) {
            JsonNode spec = OpenApi30Nullable.toJsonSchema(readYaml(specPath()));
            // The document is JSON Schema 2020-12 plus OpenAPI's own keywords (discriminator,
            // example, x-oai*...). Those only annotate, so they are accepted without the
            // validator's "unknown keyword" warning for each of them.
            JsonMetaSchema dialect = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
                    .build();
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                    builder -> builder.metaSchema(dialect));
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .pathType(PathType.JSON_POINTER)
                    .build();
            components = spec.path("components").path("schemas");
            document = factory.getSchema(SchemaLocation.of(DOCUMENT_IRI), spec, config);
        }
        return document;
    }

    static Path specPath() {
        String configured = System.getProperty(SPEC_PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("The system property " + SPEC_PROPERTY + " is not set, so OpenAI's OpenAPI"
                    + " document cannot be found. Run the tests through Maven (the root pom.xml sets it to"
                    + " <repository>/../shared/specs/openai/openapi.yaml) or pass -D" + SPEC_PROPERTY + "=/path/to/openapi.yaml.");
        }
        Path path = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("OpenAI's OpenAPI document is missing at " + path + " (system property "
                    + SPEC_PROPERTY + "=" + configured + "). The contract tests need it: it belongs in"
                    + " shared/specs/openai/openapi.yaml beside the repository's folder.");
        }
        return path;
    }

    private static JsonNode readYaml(Path path) {
        LoaderOptions limits = new LoaderOptions();
        // SnakeYAML refuses documents over 3 MB by default; OpenAI's is just under and growing.
        limits.setCodePointLimit(64 * 1024 * 1024);
        ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(limits).build());
        try (InputStream in = Files.newInputStream(path)) {
            return yaml.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read OpenAI's OpenAPI document at " + path + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON (" + e.getOriginalMessage() + "): " + abbreviate(json));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 4000 ? text : text.substring(0, 4000) + "... (" + text.length() + " chars)";
    }
}

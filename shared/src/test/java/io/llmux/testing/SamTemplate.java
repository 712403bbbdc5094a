package io.llmux.testing;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's SAM template as a JSON tree. CloudFormation's short-form intrinsics
 * ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) are read as their long forms
 * ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": "A.B"}}, ...), as CloudFormation itself reads them:
 * a plain YAML tree would drop the tag and leave {@code X} looking like a literal value.
 */
public final class SamTemplate {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path root;
    private final JsonNode tree;

    private SamTemplate(Path root, JsonNode tree) {
        this.root = root;
        this.tree = tree;
    }

    /** Reads template.yaml from the repository root (found by walking up from the working directory). */
    public static SamTemplate load() throws IOException {
        Path root = RepositoryRoot.find();
        try (Reader reader = Files.newBufferedReader(root.resolve("template.yaml"));
                YAMLParser parser = new YAMLFactory().createParser(reader)) {
            parser.nextToken();
            return new SamTemplate(root, read(parser));
        }
    }

    public JsonNode tree() {
        return tree;
    }

    public Path root() {
        return root;
    }

    /** Logical id to properties of every AWS::Serverless::Function, with Globals.Function merged under them. */
    public Map<String, JsonNode> functions() {
        Map<String, JsonNode> functions = new LinkedHashMap<>();
        JsonNode globals = tree.path("Globals").path("Function");
        tree.path("Resources").properties().forEach(resource -> {
            if ("AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                ObjectNode merged = globals.isObject() ? ((ObjectNode) globals).deepCopy() : NODES.objectNode();
                merged.setAll((ObjectNode) resource.getValue().path("Properties"));
                functions.put(resource.getKey(), merged);
            }
        });
        return functions;
    }

    /**
     * The function that API Gateway invokes for an event on this resource (an event's
     * {@code resource}, such as {@code /{proxy+}}): the one whose Api event declares that path.
     */
    public Optional<String> functionServing(String resource) {
        for (Map.Entry<String, JsonNode> function : functions().entrySet()) {
            for (JsonNode event : function.getValue().path("Events")) {
                if ("Api".equals(event.path("Type").asText()) && event.path("Properties").path("Path").asText().equals(resource)) {
                    return Optional.of(function.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The function a scheduled event goes to: the one with a Schedule or ScheduleV2 event whose
     * {@code Input} (the JSON the scheduler sends) has the same {@code source} as the event.
     * Sample events of schedules carry that input with the scheduler's placeholders filled in.
     */
    public Optional<String> functionScheduledBy(JsonNode event) {
        String source = event.path("source").asText(null);
        if (source == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, JsonNode> function : functions().entrySet()) {
            for (JsonNode trigger : function.getValue().path("Events")) {
                String type = trigger.path("Type").asText();
                if ((type.equals("Schedule") || type.equals("ScheduleV2")) && source.equals(inputSource(trigger.path("Properties").path("Input")))) {
                    return Optional.of(function.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The function a sample event in events/ goes to: by its API resource (API Gateway events)
     * or by its source (scheduled events).
     */
    public Optional<String> functionInvokedBy(JsonNode event) {
        Optional<String> api = event.hasNonNull("resource") ? functionServing(event.path("resource").asText()) : Optional.empty();
        return api.isPresent() ? api : functionScheduledBy(event);
    }

    private static String inputSource(JsonNode input) {
        if (!input.isTextual()) {
            return null;
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(input.asText()).path("source").asText(null);
        } catch (IOException notJson) {
            return null;
        }
    }

    /**
     * The environment a function gets on a deployment with default parameters: literal values as
     * written, {@code !Ref Parameter} as that parameter's Default.
     */
    public Map<String, String> environment(String function) {
        Map<String, String> environment = new LinkedHashMap<>();
        functions().get(function).path("Environment").path("Variables").properties()
                .forEach(variable -> environment.put(variable.getKey(), resolve(variable.getValue())));
        return environment;
    }

    private String resolve(JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        JsonNode parameter = tree.path("Parameters").path(value.path("Ref").asText());
        if (!parameter.has("Default")) {
            throw new IllegalStateException("Cannot resolve " + value + " without deploying: only !Ref to a parameter with a Default can be");
        }
        return parameter.get("Default").asText();
    }

    private static JsonNode read(YAMLParser parser) throws IOException {
        String tag = parser.getTypeId();
        JsonNode value = switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, read(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                yield array;
            }
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_STRING -> NODES.textNode(parser.getText());
            default -> throw new IOException("Unexpected YAML token " + parser.currentToken() + " at " + parser.currentLocation());
        };
        if (tag == null || tag.startsWith("tag:yaml.org,2002:")) {
            return value;
        }
        String function = tag.replaceFirst("^!+", "");
        return NODES.objectNode().set(function.equals("Ref") ? "Ref" : "Fn::" + function, value);
    }
}

package io.llmux.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;

/**
 * Builds the OpenAI {@code chat.completion.chunk} objects an adapter that translates another
 * provider's stream emits: the envelope, the one-choice delta chunk, the usage-only chunk, and the
 * tool-call deltas. One shape for every adapter, so that the pipeline and clients see the same
 * fields in the same order whichever provider answered.
 */
public final class ChatChunks {

    private ChatChunks() {
    }

    /** {@code id}, {@code object}, {@code created}, {@code model}: what every chunk of a stream repeats. */
    public static ObjectNode envelope(String id, long created, String model) {
        ObjectNode chunk = Json.NODES.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    /** A chunk with one choice (index 0), an empty delta and no finish_reason yet. */
    public static ObjectNode chunk(String id, long created, String model) {
        ObjectNode chunk = envelope(id, created, model);
        addChoice(chunk.putArray("choices"), 0);
        return chunk;
    }

    /** Adds a choice with an empty delta, null logprobs and null finish_reason; returns it. */
    public static ObjectNode addChoice(ArrayNode choices, int index) {
        ObjectNode choice = choices.addObject();
        choice.put("index", index);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return choice;
    }

    /** The usage-only chunk that ends a stream: no choices, as OpenAI sends it. */
    public static ObjectNode usage(String id, long created, String model, JsonNode usage) {
        ObjectNode chunk = envelope(id, created, model);
        chunk.putArray("choices");
        chunk.set("usage", usage);
        return chunk;
    }

    /** The first choice of a {@link #chunk}. */
    public static ObjectNode choice(ObjectNode chunk) {
        return (ObjectNode) chunk.get("choices").get(0);
    }

    /** The first choice's delta. */
    public static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) choice(chunk).get("delta");
    }

    /** The delta that opens tool call {@code index}: its id, its function's name and empty arguments. */
    public static void openToolCall(ObjectNode delta, int index, String id, String name) {
        ObjectNode call = delta.putArray("tool_calls").addObject();
        call.put("index", index).put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", "");
    }

    /** A fragment of tool call {@code index}'s arguments (a piece of a JSON string). */
    public static void toolCallArguments(ObjectNode delta, int index, String fragment) {
        delta.putArray("tool_calls").addObject().put("index", index).putObject("function").put("arguments", fragment);
    }
}

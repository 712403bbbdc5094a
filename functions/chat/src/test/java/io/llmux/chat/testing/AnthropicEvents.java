package io.llmux.chat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's reading of an Anthropic event stream: each event's {@code event:} name and its data,
 * parsed by the SSE rules (independent of the product's own SSE code). Checks on the way that
 * every event's data is JSON whose {@code type} is the event's name, as Anthropic's stream has it.
 */
public record AnthropicEvents(List<String> names, List<JsonNode> data) {

    public static AnthropicEvents parse(String body) {
        List<String> names = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        String name = null;
        StringBuilder value = null;
        for (String line : body.replace("\r\n", "\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (value != null) {
                    assertNotNull(name, "every Anthropic event is named: " + value);
                    JsonNode json = json(value.toString());
                    assertEquals(name, json.path("type").asText(), "the event name is the data's type: " + json);
                    names.add(name);
                    data.add(json);
                }
                name = null;
                value = null;
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                String v = line.substring(5);
                v = v.startsWith(" ") ? v.substring(1) : v;
                value = value == null ? new StringBuilder(v) : value.append('\n').append(v);
            }
        }
        return new AnthropicEvents(names, data);
    }

    /** The events without keep-alive pings. */
    public List<String> namesWithoutPings() {
        return names.stream().filter(n -> !n.equals("ping")).toList();
    }

    public JsonNode first(String name) {
        return data.get(names.indexOf(name));
    }

    public JsonNode last(String name) {
        return data.get(names.lastIndexOf(name));
    }

    /** The text of every text_delta, joined. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (JsonNode event : data) {
            if (event.path("delta").path("type").asText().equals("text_delta")) {
                text.append(event.path("delta").path("text").asText());
            }
        }
        return text.toString();
    }

    /** The partial_json of every input_json_delta of the block at {@code index}, joined and parsed. */
    public JsonNode toolInput(int index) {
        StringBuilder json = new StringBuilder();
        for (JsonNode event : data) {
            if (event.path("index").asInt(-1) == index && event.path("delta").path("type").asText().equals("input_json_delta")) {
                json.append(event.path("delta").path("partial_json").asText());
            }
        }
        return json(json.toString());
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }
}

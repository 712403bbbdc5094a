package io.llmux.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a server-sent-events body into the data of its events, following the SSE rules a client
 * applies: events end at a blank line, the data of several {@code data:} lines is joined with
 * newlines, comment lines (keep-alives) and other fields are ignored, and one space after the
 * colon is not part of the value. Deliberately independent of the product's own SSE code, so
 * that a test does not check the gateway's framing with the gateway's parser.
 */
public final class SseEvents {

    private SseEvents() {
    }

    /** The data of each event that has any, in order. */
    public static List<String> data(String body) {
        List<String> events = new ArrayList<>();
        StringBuilder data = null;
        for (String line : body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(data.toString());
                }
                data = null;
            } else if (line.startsWith("data:")) {
                String value = line.substring(5);
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        if (data != null) {
            throw new AssertionError("The stream's last event is not terminated by a blank line: data: " + data);
        }
        return events;
    }
}

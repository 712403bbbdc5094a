package io.llmux.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a byte stream of server-sent events (the WHATWG event-stream format) into events,
 * whatever the chunking of the bytes. Written by hand because the JDK has no SSE parser and the
 * maintained ones come bundled with an HTTP client we do not use (OkHttp's okhttp-sse).
 *
 * <p>Lines end with LF, CRLF or CR; a blank line dispatches the event; {@code data:} lines are
 * joined with LF; comments ({@code :keep-alive}) and {@code id:}/{@code retry:} are skipped. Lines
 * are split on bytes, never inside a UTF-8 sequence (line breaks are ASCII). Not thread-safe: one
 * decoder per stream, fed in order.
 */
public final class SseDecoder {

    private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private byte[] line = new byte[1024];
    private int lineLength;
    private boolean lastWasCr;
    private String eventName;
    private StringBuilder data;

    /** Feeds bytes; returns the events they completed (often none, often one). */
    public List<SseEvent> feed(byte[] bytes) {
        return feed(List.of(ByteBuffer.wrap(bytes)));
    }

    /** Feeds bytes; returns the events they completed (often none, often one). */
    public List<SseEvent> feed(List<ByteBuffer> buffers) {
        List<SseEvent> events = null;
        for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n' && lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                lastWasCr = b == '\r';
                if (b == '\n' || b == '\r') {
                    SseEvent event = endOfLine();
                    if (event != null) {
                        if (events == null) {
                            events = new ArrayList<>(2);
                        }
                        events.add(event);
                    }
                } else {
                    append(b);
                }
            }
        }
        return events == null ? List.of() : events;
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            if (line.length >= MAX_LINE_BYTES) {
                throw new IllegalStateException("An event-stream line is longer than " + MAX_LINE_BYTES + " bytes");
            }
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private SseEvent endOfLine() {
        if (lineLength == 0) {
            return dispatch();
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (text.charAt(0) == ':') {
            return null;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1 < text.length() && text.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1);
        switch (field) {
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            case "event" -> eventName = value;
            default -> {
                // id and retry mean nothing to a relay that does not reconnect.
            }
        }
        return null;
    }

    private SseEvent dispatch() {
        if (data == null) {
            eventName = null;
            return null;
        }
        SseEvent event = new SseEvent(eventName, data.toString());
        data = null;
        eventName = null;
        return event;
    }
}

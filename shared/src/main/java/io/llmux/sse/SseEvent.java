package io.llmux.sse;

/** One server-sent event: its {@code event:} name (null when absent) and its {@code data:}. */
public record SseEvent(String event, String data) {
}

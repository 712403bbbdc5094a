package io.llmux.provider;

/** A model a provider serves: its id as clients name it, and what it does. */
public record ModelInfo(String id, Kind kind) {

    public enum Kind { CHAT, EMBEDDING }
}

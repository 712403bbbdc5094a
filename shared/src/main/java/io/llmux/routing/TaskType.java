package io.llmux.routing;

import java.util.Locale;

/** What a request asks for, as {@link TaskClassifier} reads it: a routing input, never a guarantee. */
public enum TaskType {
    CODE, ANALYSIS, CREATIVE, TRANSLATION, SUMMARISATION, MATH, CHAT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The task called {@code name} (summarization is accepted too), or null. */
    public static TaskType byName(String name) {
        String normal = name.trim().toLowerCase(Locale.ROOT);
        if (normal.equals("summarization")) {
            return SUMMARISATION;
        }
        for (TaskType type : values()) {
            if (type.wireName().equals(normal)) {
                return type;
            }
        }
        return null;
    }
}

package io.llmux.provider.gemini;

import java.util.List;

/** The Gemini API's public endpoint and the models LLMux lists for it unless configured otherwise. */
final class GeminiModels {

    static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
    static final List<String> CHAT = List.of("gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite");
    static final List<String> EMBEDDING = List.of("gemini-embedding-001", "text-embedding-004");

    private GeminiModels() {
    }
}

package io.llmux.provider.openai;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The services that speak OpenAI's API, with their default base URLs, whether they need a key,
 * the models listed for them by default, and their quirks. A name not in this table can still be
 * configured (llmux.providers.NAME.base-url): it is then treated as OpenAI-compatible without
 * quirks.
 */
public enum OpenAiCompatibleService {
    // top_k and thinking come from Anthropic-format requests (/v1/messages); the services that
    // refuse unknown fields drop them.
    OPENAI("openai", "https://api.openai.com/v1", true, new Quirks(Map.of(), Set.of("top_k", "thinking"), true),
            List.of("gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
                    "gpt-4o", "gpt-4o-mini", "o3", "o4-mini"),
            List.of("text-embedding-3-small", "text-embedding-3-large")),
    GROQ("groq", "https://api.groq.com/openai/v1", true,
            new Quirks(Map.of(), Set.of("logprobs", "top_logprobs", "logit_bias", "store", "metadata", "top_k", "thinking"), true),
            List.of(), List.of()),
    MISTRAL("mistral", "https://api.mistral.ai/v1", true,
            new Quirks(Map.of("seed", "random_seed", "max_completion_tokens", "max_tokens"),
                    Set.of("user", "store", "metadata", "logit_bias", "top_k", "thinking"), false),
            List.of(), List.of()),
    DEEPSEEK("deepseek", "https://api.deepseek.com/v1", true,
            new Quirks(Map.of("max_completion_tokens", "max_tokens"), Set.of("store", "metadata", "top_k", "thinking"), true),
            List.of(), List.of()),
    TOGETHER("together", "https://api.together.xyz/v1", true,
            new Quirks(Map.of("max_completion_tokens", "max_tokens"), Set.of("store", "metadata"), false),
            List.of(), List.of()),
    OPENROUTER("openrouter", "https://openrouter.ai/api/v1", true,
            new Quirks(Map.of("max_completion_tokens", "max_tokens"), Set.of(), true),
            List.of(), List.of()),
    OLLAMA("ollama", null, false,
            new Quirks(Map.of("max_completion_tokens", "max_tokens"), Set.of("store", "metadata"), true),
            List.of(), List.of()),
    VLLM("vllm", null, false, Quirks.NONE, List.of(), List.of());

    private final String id;
    private final String defaultBaseUrl;
    private final boolean keyRequired;
    private final Quirks quirks;
    private final List<String> chatModels;
    private final List<String> embeddingModels;

    OpenAiCompatibleService(String id, String defaultBaseUrl, boolean keyRequired, Quirks quirks,
                            List<String> chatModels, List<String> embeddingModels) {
        this.id = id;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyRequired = keyRequired;
        this.quirks = quirks;
        this.chatModels = chatModels;
        this.embeddingModels = embeddingModels;
    }

    public static Optional<OpenAiCompatibleService> byId(String id) {
        for (OpenAiCompatibleService service : values()) {
            if (service.id.equals(id)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }

    public String id() {
        return id;
    }

    /** The public endpoint, or null for self-hosted servers (Ollama, vLLM) that need a base URL. */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public boolean keyRequired() {
        return keyRequired;
    }

    public Quirks quirks() {
        return quirks;
    }

    public List<String> chatModels() {
        return chatModels;
    }

    public List<String> embeddingModels() {
        return embeddingModels;
    }
}

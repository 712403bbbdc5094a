package io.llmux.provider;

import java.util.List;
import java.util.Optional;

/**
 * One adapter family's way into the {@link ProviderRegistry}: the registry asks each factory for
 * the providers of its {@link #type()}, so a new adapter package adds a factory bean and touches
 * nothing else.
 *
 * <p>A provider's type is {@code llmux.providers.NAME.type} when set; otherwise the name itself
 * when a factory has that type (or lists it in {@link #defaultNames()}), and {@code openai}
 * (OpenAI-compatible) for any other name.
 */
public interface ProviderFactory {

    /** The adapter family: {@code openai}, {@code anthropic}, {@code gemini}, {@code bedrock}, {@code azure}. */
    String type();

    /**
     * Names that light up from their usual variables with no {@code llmux.providers.NAME} entry
     * of the user's own: {@code anthropic} when ANTHROPIC_API_KEY is set, and so on.
     */
    default List<String> defaultNames() {
        return List.of(type());
    }

    /** The provider called {@code name}, or empty when it is not configured (no key) or switched off. */
    Optional<Provider> create(String name, ProviderConfig config);
}

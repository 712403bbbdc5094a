package io.llmux.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmux.openai.ChatMessage;
import io.llmux.openai.ChatRequest;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Counts tokens the way OpenAI's models see them ({@link BpeTokenizer}, checked against jtokkit).
 *
 * <p>A chat prompt is counted by OpenAI's published recipe (the "How to count tokens with
 * tiktoken" cookbook): 3 tokens of framing per message, the encoded role, content and name (+1 for
 * a name), and 3 tokens that prime the reply. Tool definitions follow the cookbook's recipe for
 * functions, which OpenAI documents as an approximation; images are counted at the documented tile
 * price (85 for detail=low, else 765: a 1024x1024 high-detail image, since the gateway does not
 * download images to learn their size).
 *
 * <p>Each vocabulary is loaded once (tens of milliseconds: o200k_base has 200,000 entries), on
 * its own thread, by whoever needs it first. A function that counts
 * tokens calls {@link #preload} at start-up (the chat function's {@code VocabularyPreload}), so
 * that the load overlaps the rest of start-up instead of delaying the first request; one that does
 * not (the admin function) never pays for it.
 */
@Singleton
public final class TokenCounter {

    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_NAME = 1;
    private static final int REPLY_PRIMING = 3;
    private static final int IMAGE_LOW_DETAIL = 85;
    private static final int IMAGE_DEFAULT = 765;
    // The cookbook's constants for function definitions (gpt-4o and later).
    private static final int FUNC_INIT = 7;
    private static final int PROP_INIT = 3;
    private static final int PROP_KEY = 3;
    private static final int ENUM_INIT = -3;
    private static final int ENUM_ITEM = 3;
    private static final int FUNC_END = 12;
    private static final Pattern FINAL_DOT = Pattern.compile("\\.$");

    /**
     * Prompt counts of the requests in flight, by identity (weak keys): an entry lives as long as
     * its request, and the bound only guards against a flood.
     */
    private final Cache<ChatRequest, Integer> promptCounts = Caffeine.newBuilder()
            .weakKeys()
            .maximumSize(10_000)
            .executor(Runnable::run)
            .build();
    /** One load per vocabulary, shared by everyone who needs it while it loads. */
    private final Map<Vocabulary, CompletableFuture<BpeTokenizer>> tokenizers = new ConcurrentHashMap<>();

    /** Starts loading {@code vocabulary} on another thread, unless it is loaded or loading already. */
    public void preload(Vocabulary vocabulary) {
        load(vocabulary);
    }

    public BpeTokenizer tokenizer(String model) {
        return tokenizer(TokenizerFamily.vocabularyFor(model));
    }

    public BpeTokenizer tokenizer(Vocabulary vocabulary) {
        return load(vocabulary).join();
    }

    private CompletableFuture<BpeTokenizer> load(Vocabulary vocabulary) {
        return tokenizers.computeIfAbsent(vocabulary, v -> CompletableFuture.supplyAsync(() -> BpeTokenizer.load(v),
                task -> Thread.ofPlatform().daemon().name("llmux-vocabulary-" + v.fileName()).start(task)));
    }

    public int count(String model, String text) {
        return tokenizer(model).countTokens(text);
    }

    /**
     * The prompt tokens a chat request costs, before the provider says otherwise. Counted once per
     * request: the rate limiter, the budget stage, routing's context-window filter and the
     * settlement all ask for the same request, and encoding is the dearest step of the hot path.
     */
    public int countPrompt(ChatRequest request) {
        return promptCounts.get(request, this::countPromptOnce);
    }

    private int countPromptOnce(ChatRequest request) {
        BpeTokenizer enc = tokenizer(request.model());
        int tokens = REPLY_PRIMING;
        for (ChatMessage message : request.messages()) {
            tokens += TOKENS_PER_MESSAGE + enc.countTokens(message.role()) + enc.countTokens(message.text());
            if (message.name() != null) {
                tokens += TOKENS_PER_NAME + enc.countTokens(message.name());
            }
            for (ChatMessage.ImagePart image : message.images()) {
                tokens += "low".equals(image.detail()) ? IMAGE_LOW_DETAIL : IMAGE_DEFAULT;
            }
            if (message.toolCalls() != null) {
                tokens += enc.countTokens(message.toolCalls().toString());
            }
            if (message.toolCallId() != null) {
                tokens += enc.countTokens(message.toolCallId());
            }
        }
        if (request.tools() != null) {
            tokens += countTools(enc, request.tools());
        }
        return tokens;
    }

    private static int countTools(BpeTokenizer enc, JsonNode tools) {
        int tokens = 0;
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            tokens += FUNC_INIT;
            String description = withoutFinalDot(function.path("description").asText(""));
            tokens += enc.countTokens(function.path("name").asText("") + ":" + description);
            JsonNode properties = function.path("parameters").path("properties");
            if (properties.isObject() && !properties.isEmpty()) {
                tokens += PROP_INIT;
                for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = it.next();
                    JsonNode schema = property.getValue();
                    tokens += PROP_KEY;
                    JsonNode enumValues = schema.path("enum");
                    if (enumValues.isArray()) {
                        tokens += ENUM_INIT;
                        for (JsonNode value : enumValues) {
                            tokens += ENUM_ITEM + enc.countTokens(value.asText());
                        }
                    }
                    String propDescription = withoutFinalDot(schema.path("description").asText(""));
                    tokens += enc.countTokens(property.getKey() + ":" + schema.path("type").asText("") + ":" + propDescription);
                }
            }
        }
        return tokens == 0 ? 0 : tokens + FUNC_END;
    }

    /** The cookbook strips a description's final full stop; compiled once (String.replaceAll compiles per call). */
    private static String withoutFinalDot(String description) {
        return FINAL_DOT.matcher(description).replaceFirst("");
    }

    /** The text cut to at most {@code maxTokens} tokens, on a token boundary. */
    public String truncate(String model, String text, int maxTokens) {
        return tokenizer(model).truncate(text, maxTokens);
    }
}

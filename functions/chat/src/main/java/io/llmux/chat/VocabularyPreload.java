package io.llmux.chat;

import com.knuddels.jtokkit.api.EncodingType;
import io.llmux.tokens.TokenCounter;
import io.micronaut.context.annotation.Context;

/**
 * Starts loading the o200k_base vocabulary (the one most models are counted with) on another
 * thread, so that the load overlaps the rest of start-up rather than delaying the first request
 * that counts tokens (the mock provider, a token rate limit, a provider that reports no usage).
 * The chat function's entry points ({@link ChatLambdaHandler}, {@link ChatApplication}) call
 * {@link #start()} before their application context exists, which gains the context's start-up
 * time; this bean does it for any other process that holds the chat routes (the local server).
 * Functions that never count tokens do not have it.
 */
@Context
final class VocabularyPreload {

    VocabularyPreload() {
        start();
    }

    static void start() {
        TokenCounter.preload(EncodingType.O200K_BASE);
    }
}

package io.llmux.chat;

import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.Vocabulary;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;

/**
 * Starts loading the o200k_base vocabulary (the one most models are counted with) as the chat
 * function starts, on another thread, so that the load overlaps the rest of start-up rather than
 * delaying the first request that counts tokens (the mock provider, a token rate limit, a provider
 * that reports no usage). Functions that never count tokens do not have this bean.
 *
 * <p>First of the context beans (the others build the tenancy stores, the pricing catalogue, the
 * SnapStart hooks): started any later, the load is what the first request waits for when the
 * rest of the start is fast (with an AOT cache).
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
final class VocabularyPreload {

    VocabularyPreload(TokenCounter tokens) {
        tokens.preload(Vocabulary.O200K_BASE);
    }
}

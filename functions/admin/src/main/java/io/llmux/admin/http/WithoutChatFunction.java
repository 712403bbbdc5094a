package io.llmux.admin.http;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.reflect.ClassUtils;

/**
 * True when the chat function's classes are absent, as in the admin Lambda function; false in the
 * local server, which holds both functions. Named by string: this module does not depend on chat.
 */
public final class WithoutChatFunction implements Condition {

    static final String CHAT_ERROR_PROCESSOR = "io.llmux.chat.http.OpenAiErrorResponseProcessor";

    @Override
    public boolean matches(ConditionContext context) {
        return !ClassUtils.isPresent(CHAT_ERROR_PROCESSOR, context.getBeanContext().getClassLoader());
    }
}

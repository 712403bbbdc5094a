package io.llmux.chat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;

/**
 * The chat function's handler on the buffered API Gateway REST proxy path (template.yaml): Micronaut's
 * proxy handler, which the managed runtime builds through the no-argument constructor, after this
 * class starts loading the token vocabulary (its static initialiser runs before the Micronaut
 * context starts, so the two overlap from the first millisecond).
 */
public class ChatLambdaHandler extends ApiGatewayProxyRequestEventFunction {

    static {
        VocabularyPreload.start();
    }

    public ChatLambdaHandler() {
        super();
    }

    /** For tests that hand the handler a context of their own. */
    public ChatLambdaHandler(ApplicationContext context) {
        super(context);
    }
}

package io.llmux.chat;

import io.micronaut.runtime.Micronaut;

/**
 * Runs the chat function as a Netty server: the streaming path on Lambda (behind the Lambda Web
 * Adapter, which forwards invocations to this port) and a container. The buffered Lambda path
 * needs no main: its handler is micronaut's ApiGatewayProxyRequestEventFunction.
 */
public final class ChatApplication {

    private ChatApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ChatApplication.class, args);
    }
}

package io.llmux.chat;

import io.micronaut.context.ApplicationContext;
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
        start(args);
    }

    /** Starts the server; {@code --name=value} arguments set properties. The caller owns the context. */
    static ApplicationContext start(String... args) {
        // No ASCII-art banner: every line on stdout is JSON (JsonConsoleLogging), which CloudWatch
        // Logs Insights and log shippers parse line by line.
        return Micronaut.build(args).mainClass(ChatApplication.class).banner(false).start();
    }
}

package io.llmux.server;

import io.micronaut.runtime.Micronaut;

/**
 * The local server: every function's routes on one port, on embedded defaults (the mock
 * provider, in-memory state), with real providers lit up by their usual environment variables.
 */
public final class LocalServer {

    private LocalServer() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(LocalServer.class)
                .banner(false)
                .start();
    }
}

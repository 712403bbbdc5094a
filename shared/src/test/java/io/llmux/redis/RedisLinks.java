package io.llmux.redis;

/** Lets tests in other packages close the links they make themselves (the application context closes its own). */
public final class RedisLinks {

    private RedisLinks() {
    }

    public static void close(RedisLink link) throws Exception {
        link.close();
    }
}

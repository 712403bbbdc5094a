package io.llmux.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} on a free loopback port, started by the tests themselves, which can
 * be stopped and started again on the same port (to test what the gateway does when Redis dies
 * and comes back). A missing redis-server fails the test: it never skips.
 */
public final class RedisTestServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static RedisTestServer shared;

    private final int port;
    private final Path dir;
    private Process process;

    private RedisTestServer(int port) throws IOException {
        this.port = port;
        this.dir = Files.createTempDirectory("llmux-redis");
    }

    /** One server for the whole test JVM (tests that kill Redis start their own). */
    public static synchronized RedisTestServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static RedisTestServer start() {
        try (ServerSocket probe = new ServerSocket(0)) {
            RedisTestServer server = new RedisTestServer(probe.getLocalPort());
            probe.close();
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start redis-server: " + e.getMessage()
                    + ". Install it (apt-get install redis-server): the Redis tests need a real one.", e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the server (as a crash would: no shutdown save). */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Starts it again on the same port, empty. */
    public synchronized void restart() {
        try {
            kill();
            startProcess();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot restart redis-server", e);
        }
    }

    private void startProcess() throws IOException {
        process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited at start: " + Files.readString(dir.resolve("redis.log")));
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        throw new IOException("redis-server did not listen on port " + port + " within " + START_TIMEOUT);
    }

    @Override
    public synchronized void close() {
        kill();
    }
}

package io.llmux.testing.dynamodb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dynalite (npm, installed by {@code npm ci --prefix tools}) on a free loopback port. The node
 * script picks the port itself (no race for a free port) and exits when our end of its stdin
 * closes, so it dies with this JVM even on a crash.
 */
public final class Dynalite implements DynamoDbEndpoint {

    private static final Pattern LISTENING = Pattern.compile("dynalite listening on (\\d+)");
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final String HOW_TO_INSTALL = "Install it from the repository root with: npm ci --prefix tools "
            + "(Node 20+; .ci/run does this before Maven).";

    private final Process process;
    private final URI uri;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.uri = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts dynalite or fails with what went wrong and how to fix it. */
    public static Dynalite start() {
        Path script = locateScript();
        Process process;
        try {
            process = new ProcessBuilder("node", script.toString())
                    .directory(script.getParent().toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run 'node' to start dynalite (" + e.getMessage() + "). " + HOW_TO_INSTALL, e);
        }
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofPlatform().daemon().name("dynalite-output").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.offer(line);
                }
            } catch (IOException ignored) {
                // The process ended; its exit is noticed below.
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    output.append(line).append('\n');
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        return new Dynalite(process, Integer.parseInt(listening.group(1)));
                    }
                } else if (!process.isAlive() && !reader.isAlive() && lines.isEmpty()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        throw new IllegalStateException("dynalite did not start within " + START_TIMEOUT_SECONDS + " s. Its output:\n" + output + HOW_TO_INSTALL);
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** tools/dynalite-server.js at the repository root, found from the module the tests run in. */
    private static Path locateScript() {
        String configured = System.getProperty("llmux.tools.dir");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path tools = configured != null ? dir : dir.resolve("tools");
            Path script = tools.resolve("dynalite-server.js");
            if (Files.isRegularFile(script)) {
                if (!Files.isDirectory(tools.resolve("node_modules/dynalite"))) {
                    throw new IllegalStateException("dynalite is not installed in " + tools.resolve("node_modules") + ". " + HOW_TO_INSTALL);
                }
                return script;
            }
            if (configured != null) {
                break;
            }
        }
        throw new IllegalStateException("tools/dynalite-server.js not found above " + start + ". " + HOW_TO_INSTALL);
    }
}

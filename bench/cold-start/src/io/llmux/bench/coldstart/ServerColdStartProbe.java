package io.llmux.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * One cold start of a function on the streaming path, as the Lambda Web Adapter drives it: starts
 * the server's main class in this JVM on a free port, waits for {@code GET /health} to answer 200
 * (the adapter's readiness check), then sends the API Gateway event's request over HTTP/1.1 and
 * reads the whole answer. Prints the same figures as {@link ColdStartProbe}, with
 * {@code handler-ready-ms} the moment the health check answered. A non-200 answer fails the run.
 *
 * <p>The HTTP exchange is written by hand on a socket (a few lines) so that the probe loads next
 * to nothing of its own: an HTTP client library would add its start-up to the figure.
 *
 * <p>Usage: {@code ServerColdStartProbe <main class> <event file>}
 */
public final class ServerColdStartProbe {

    private ServerColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ServerColdStartProbe <main class> <event file>");
            System.exit(2);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        System.setProperty("micronaut.server.port", Integer.toString(port));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) new String[0]);
        int health = exchange(port, "GET", "/health", Map.of(), null).status();
        long ready = JvmStartClock.mark();
        if (health != 200) {
            fail("the health check answered " + health);
        }
        JsonNode event = new ObjectMapper().readTree(Path.of(args[1]).toFile());
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : event.path("headers").properties()) {
            headers.put(header.getKey(), header.getValue().asText());
        }
        String body = event.path("body").isNull() ? null : event.path("body").asText();
        Answer answer = exchange(port, event.path("httpMethod").asText(), event.path("path").asText(), headers, body);
        long answered = JvmStartClock.mark();
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long mainCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        if (answer.status() != 200) {
            fail("the server answered " + answer.status() + ": " + answer.body());
        }
        System.out.println("cold-start-ms " + JvmStartClock.millisSinceJvmStart(answered));
        System.out.println("cold-start-cpu-ms " + cpuNanos / 1_000_000);
        System.out.println("main-thread-cpu-ms " + mainCpuNanos / 1_000_000);
        System.out.println("handler-ready-ms " + JvmStartClock.millisSinceJvmStart(ready));
        System.exit(0);
    }

    private record Answer(int status, String body) {
    }

    /** One request on a new connection, read to its end (the server closes it: Connection: close). */
    private static Answer exchange(int port, String method, String path, Map<String, String> headers, String body) throws Exception {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Connection: close\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n");
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")) {
                request.append(name).append(": ").append(value).append("\r\n");
            }
        });
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            return new Answer(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        }
    }

    private static void fail(String message) {
        System.err.println("cold-start probe: " + message);
        System.exit(1);
    }
}

package io.llmux.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider API on a free loopback port, for tests. It records every request and answers with
 * whatever {@link FakeReply} the test scripted, faults included; a subclass renders the reply in
 * its provider's wire format ({@link FakeOpenAiServer}, and one per adapter).
 *
 * <p>Built on a raw {@link ServerSocket} rather than the JDK's {@code com.sun.net.httpserver}:
 * that server always finishes a response properly (it writes the final chunk on close), so it
 * cannot cut a TCP connection mid-stream or send fewer bytes than its Content-Length promised,
 * and those are exactly the faults a gateway must survive. HTTP/1.1 with keep-alive is a few
 * dozen lines ({@link Http1Connection}); each connection runs on a virtual thread.
 */
public abstract class FakeProviderServer implements AutoCloseable {

    /** The response headers of a JSON answer. */
    protected static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    /** The response headers of an SSE stream. */
    protected static final Map<String, String> SSE = Map.of("Content-Type", "text/event-stream; charset=utf-8",
            "Cache-Control", "no-cache");

    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Http1Connection> open = ConcurrentHashMap.newKeySet();
    private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile FakeReply reply;
    /** Replies scripted for the next requests, one each, before {@link #reply} applies again. */
    private final java.util.concurrent.ConcurrentLinkedQueue<FakeReply> turns = new java.util.concurrent.ConcurrentLinkedQueue<>();


    /** Binds a free loopback port and starts accepting; subclasses call it from their {@code start()}. */
    protected FakeProviderServer() {
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reset();
        threads.execute(this::acceptLoop);
    }

    /** http://127.0.0.1:PORT, the server's root. */
    public String origin() {
        return "http://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
    }

    /**
     * Answers one request in the provider's wire format, as {@code reply} scripts; returns whether
     * the connection may serve another request (false after a cut).
     */
    protected abstract boolean answer(Http1Connection connection, RecordedRequest request, FakeReply reply)
            throws IOException, InterruptedException;

    /**
     * Waits {@code slow.delay()} before answering as {@code slow.then()} does; a gateway that hangs
     * up first (its first-byte timeout fired) is counted as abandoning the call.
     */
    protected final boolean slowFirstByte(Http1Connection connection, RecordedRequest request, FakeReply.SlowFirstByte slow)
            throws IOException, InterruptedException {
        if (connection.peerClosedWithin(slow.delay())) {
            countAbandoned();
            return false;
        }
        return answer(connection, request, slow.then());
    }

    /**
     * Falls silent mid-answer for {@code silence}, then drops the connection; a gateway that hangs
     * up first (its idle timeout fired) is counted as abandoning the call. Returns false: the
     * connection serves nothing more.
     */
    protected final boolean fallSilent(Http1Connection connection, Duration silence) throws InterruptedException, IOException {
        if (connection.peerClosedWithin(silence)) {
            countAbandoned();
        }
        return false;
    }

    /** Sends each chunk as an SSE {@code data:} event ({@link #sseEvent(JsonNode)}). */
    protected static void sendChunks(Http1Connection connection, List<? extends JsonNode> chunks) throws IOException {
        for (JsonNode chunk : chunks) {
            connection.writeChunk(sseEvent(chunk));
        }
    }

    /** {@code data: ...} and a blank line, LF-terminated. */
    protected static byte[] sseEvent(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] sseEvent(JsonNode json) {
        return sseEvent(new String(bytes(json), StandardCharsets.UTF_8));
    }

    protected static byte[] bytes(JsonNode json) {
        try {
            return Json.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Counts a call the gateway gave up on while the fake was still answering (a timeout fired). */
    protected void countAbandoned() {
        abandoned.incrementAndGet();
    }

    /** Answers every following request with {@code reply}, until told otherwise. */
    public void respondWith(FakeReply reply) {
        this.reply = reply;
    }

    /**
     * Answers the next requests with {@code replies}, one each in order (a retry script: a 429,
     * then a text), and every request after them with {@code then}.
     */
    public void respondInTurn(FakeReply then, FakeReply... replies) {
        turns.clear();
        this.reply = then;
        turns.addAll(java.util.List.of(replies));
    }

    /** Forgets the requests received so far, and answers with a plain text again. */
    public void reset() {
        received.clear();
        turns.clear();
        reply = FakeReply.text("Hello from the fake provider.");
    }

    /** Every request received since the last {@link #reset()}, in order of arrival. */
    public List<RecordedRequest> requests() {
        return List.copyOf(received);
    }

    /** How many calls the gateway gave up on (closed the connection) while the fake was still answering. */
    public int abandonedCalls() {
        return abandoned.get();
    }

    /** How many TCP connections the fake has accepted since it started (keep-alive reuses one). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    public RecordedRequest lastRequest() {
        if (received.isEmpty()) {
            throw new AssertionError("The fake provider received no request");
        }
        return received.getLast();
    }

    /** Stops listening, drops every connection and interrupts replies still in progress. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        open.forEach(Http1Connection::close);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                socket.setTcpNoDelay(true);
                threads.execute(() -> serve(socket));
            } catch (IOException closedOrBroken) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Http1Connection connection;
        try {
            connection = new Http1Connection(socket);
        } catch (IOException gone) {
            return;
        }
        open.add(connection);
        try (connection) {
            for (RecordedRequest request = connection.readRequest(); request != null; request = connection.readRequest()) {
                received.add(request);
                FakeReply turn = turns.poll();
                if (!answer(connection, request, turn != null ? turn : reply)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException peerGoneOrStopped) {
            // The gateway hung up (a timeout fired) or the fake is stopping: nothing to answer.
        } finally {
            open.remove(connection);
        }
    }
}

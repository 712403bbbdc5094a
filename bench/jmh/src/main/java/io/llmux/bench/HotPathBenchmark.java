package io.llmux.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.sse.SseDecoder;
import io.llmux.sse.SseEvent;
import io.llmux.tokens.TokenCounter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's own work per request, stage by stage: parse and validate the body, count its
 * prompt tokens, read the provider's answer and write it back, relay one stream event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class HotPathBenchmark {

    private final TokenCounter tokens = new TokenCounter();
    private ChatRequest request;
    private ObjectNode response;

    @Setup
    public void setUp() throws Exception {
        request = ChatRequestParser.parse(Samples.CHAT_REQUEST);
        response = (ObjectNode) Json.MAPPER.readTree(Samples.CHAT_RESPONSE);
        tokens.countPrompt(request);
    }

    /** Bytes to a validated, typed request. */
    @Benchmark
    public ChatRequest parseRequest() {
        return ChatRequestParser.parse(Samples.CHAT_REQUEST);
    }

    /**
     * A new request's exact prompt-token count (o200k_base, about 250 tokens), parse included: the
     * counter remembers the count of a request it has seen, so counting the same request again
     * would measure that lookup. The count's own cost is this minus {@link #parseRequest}.
     */
    @Benchmark
    public int parseAndCountPromptTokens() {
        return tokens.countPrompt(ChatRequestParser.parse(Samples.CHAT_REQUEST));
    }

    /** The provider's answer read into a tree (as the adapter does). */
    @Benchmark
    public JsonNode parseResponse() throws Exception {
        return Json.MAPPER.readTree(Samples.CHAT_RESPONSE);
    }

    /** The answer written back to the client. */
    @Benchmark
    public byte[] writeResponse() throws Exception {
        return Json.MAPPER.writeValueAsBytes(response);
    }

    /** One stream event relayed: SSE-decoded, parsed, and re-serialised. */
    @Benchmark
    public byte[] relayStreamEvent() throws Exception {
        List<SseEvent> events = new SseDecoder().feed(List.of(ByteBuffer.wrap(Samples.STREAM_EVENT)));
        return Json.MAPPER.writeValueAsBytes(Json.MAPPER.readTree(events.getFirst().data()));
    }
}

package io.llmux.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.openai.EmbeddingRequestParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Nothing a request owes runs after its response: a whole answer is handed over, and a stream
 * ends, only once the meter reports the usage durable (UsageMeter#recordDurably).
 */
class DurableMeteringTest {

    /** A meter whose writes complete only when the test says so. */
    private static final class HeldMeter implements UsageMeter {
        final List<UsageRecord> records = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> writes = new CopyOnWriteArrayList<>();

        @Override
        public void record(UsageRecord record) {
            recordDurably(record);
        }

        @Override
        public CompletableFuture<Void> recordDurably(UsageRecord record) {
            records.add(record);
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.add(write);
            return write;
        }

        void finishWrites() {
            writes.forEach(write -> write.complete(null));
        }
    }

    private final HeldMeter meter = new HeldMeter();
    private final ChatPipeline pipeline;
    private final String apiKey;

    DurableMeteringTest() {
        TestPipeline built = TestPipeline.build(meter, false);
        pipeline = built.pipeline();
        apiKey = built.apiKey();
    }

    private RequestContext ctx() {
        return new RequestContext("req-durable", apiKey, name -> null);
    }

    private static ChatRequest request(String extra) {
        return ChatRequestParser.parse(("{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]" + extra + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWholeAnswerIsHandedOverOnlyOnceItsUsageIsDurable() throws Exception {
        CompletableFuture<ChatResult> result = pipeline.complete(request(""), ctx());
        awaitRecords(1);
        Thread.sleep(50);
        assertFalse(result.isDone(), "the answer waits for the usage write");
        meter.finishWrites();
        assertEquals(meter.records.getFirst(), result.get(5, TimeUnit.SECONDS).usage());
    }

    @Test
    void embeddingsWaitToo() throws Exception {
        var result = pipeline.embed(EmbeddingRequestParser.parse("{\"model\":\"mock-embedding\",\"input\":\"hello\"}"
                .getBytes(StandardCharsets.UTF_8)), ctx());
        awaitRecords(1);
        Thread.sleep(50);
        assertFalse(result.isDone());
        meter.finishWrites();
        result.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aStreamEndsOnlyOnceItsUsageIsDurable() throws Exception {
        StreamResult stream = pipeline.stream(request(",\"stream\":true"), ctx()).get(5, TimeUnit.SECONDS);
        List<ObjectNode> chunks = new CopyOnWriteArrayList<>();
        AtomicBoolean completed = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        stream.chunks().subscribe(chunks::add, failure -> done.countDown(), () -> {
            completed.set(true);
            done.countDown();
        });
        awaitRecords(1);
        Thread.sleep(50);
        assertFalse(chunks.isEmpty(), "every chunk went out at once");
        assertFalse(completed.get(), "the end of the stream waits for the usage write");
        meter.finishWrites();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertTrue(completed.get());
        assertEquals(1, meter.records.size(), "metered once");
    }

    private void awaitRecords(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (meter.records.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, meter.records.size());
    }
}

package io.llmux.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.cache.CacheStatus;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The cache stage inside the pipeline, where HTTP cannot reach: cancellations of replays and of streamed misses. */
class CachedPipelineTest {

    private final List<UsageRecord> metered = new CopyOnWriteArrayList<>();
    private final ChatPipeline pipeline;
    private final String apiKey;

    CachedPipelineTest() {
        // The cache on for every tenant through the gateway default, as llmux.cache.enabled=true does.
        TestPipeline built = TestPipeline.build(metered::add, true);
        pipeline = built.pipeline();
        apiKey = built.apiKey();
    }

    private static ChatRequest request(String text, boolean stream) {
        return ChatRequestParser.parse(("{\"model\":\"mock-chat\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private RequestContext ctx() {
        return new RequestContext("req-" + metered.size(), apiKey, name -> null);
    }

    @Test
    void aStreamedMissTheClientAbandonsIsNotStored() {
        StreamResult first = pipeline.stream(request("abandoned", true), ctx()).join();
        assertEquals(CacheStatus.MISS, first.cache());
        first.chunks().take(2).blockLast();
        assertEquals(UsageRecord.Outcome.CANCELLED, metered.getLast().outcome());

        assertEquals(CacheStatus.MISS, pipeline.complete(request("abandoned", false), ctx()).join().cache());
        assertEquals(CacheStatus.HIT, pipeline.complete(request("abandoned", false), ctx()).join().cache());
    }

    @Test
    void anAbandonedReplayIsSettledOnceAsCancelledAndCached() {
        ChatResult paid = pipeline.complete(request("replayed", false), ctx()).join();
        assertEquals(CacheStatus.MISS, paid.cache());
        int before = metered.size();

        StreamResult replay = pipeline.stream(request("replayed", true), ctx()).join();
        assertEquals(CacheStatus.HIT, replay.cache());
        replay.chunks().take(1).blockLast();
        assertEquals(before + 1, metered.size());
        UsageRecord record = metered.getLast();
        assertTrue(record.cached());
        assertEquals(0, record.costMicros());
        assertEquals(UsageRecord.Outcome.CANCELLED, record.outcome());
        assertEquals(paid.usage().usage(), record.usage());

        StreamResult whole = pipeline.stream(request("replayed", true), ctx()).join();
        whole.chunks().blockLast();
        assertEquals(before + 2, metered.size());
        assertEquals(UsageRecord.Outcome.COMPLETED, metered.getLast().outcome());
    }
}

package io.llmux.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseDecoderTest {

    @Test
    void decodesEventsWhateverTheChunking() {
        String stream = "data: {\"a\":1}\n\n: keep-alive\n\nevent: message_start\ndata: {\"b\":\"é€😀\"}\n\ndata: [DONE]\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<SseEvent> whole = new SseDecoder().feed(List.of(ByteBuffer.wrap(bytes)));
        assertEquals(List.of(new SseEvent(null, "{\"a\":1}"), new SseEvent("message_start", "{\"b\":\"é€😀\"}"),
                new SseEvent(null, "[DONE]")), whole);
        // Byte by byte: UTF-8 sequences and CRLFs split across buffers.
        SseDecoder decoder = new SseDecoder();
        List<SseEvent> pieces = new ArrayList<>();
        for (byte b : bytes) {
            pieces.addAll(decoder.feed(List.of(ByteBuffer.wrap(new byte[] {b}))));
        }
        assertEquals(whole, pieces);
    }

    @Test
    void acceptsCrLfAndCrLineEndingsAndJoinsMultiLineData() {
        String stream = "data: one\r\ndata: two\r\n\r\ndata:three\r\rid: 7\nretry: 10\ndata: four\n\n";
        List<SseEvent> events = new SseDecoder().feed(List.of(ByteBuffer.wrap(stream.getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of(new SseEvent(null, "one\ntwo"), new SseEvent(null, "three"), new SseEvent(null, "four")), events);
    }

    @Test
    void anIncompleteEventIsNotDispatched() {
        SseDecoder decoder = new SseDecoder();
        assertTrue(decoder.feed(List.of(ByteBuffer.wrap("data: {\"partial\"".getBytes(StandardCharsets.UTF_8)))).isEmpty());
        assertEquals(List.of(new SseEvent(null, "{\"partial\":1}")),
                decoder.feed(List.of(ByteBuffer.wrap(":1}\n\n".getBytes(StandardCharsets.UTF_8)))));
    }
}

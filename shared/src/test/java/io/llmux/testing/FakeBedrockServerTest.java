package io.llmux.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmux.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;

/**
 * The fake's eventstream frames checked against the format's definition, independently of the
 * library that encoded them: total length, headers length, prelude CRC32 and message CRC32.
 */
class FakeBedrockServerTest {

    @Test
    void everyFrameHasTheLengthsAndCrcsTheFormatDefines() {
        List<byte[]> frames = BedrockWireFormat.streamFrames(FakeReply.toolCall("get_weather", "{\"city\":\"Paris\"}"));

        for (byte[] frame : frames) {
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            assertEquals(frame.length, buffer.getInt(0), "total length");
            assertEquals(crc(frame, 0, 8), Integer.toUnsignedLong(buffer.getInt(8)), "prelude CRC");
            assertEquals(crc(frame, 0, frame.length - 4), Integer.toUnsignedLong(buffer.getInt(frame.length - 4)), "message CRC");
            int headersLength = buffer.getInt(4);
            assertTrue(headersLength > 0 && 12 + headersLength + 4 <= frame.length);
        }
    }

    @Test
    void framesCarryBedrocksHeadersAndPayloads() throws Exception {
        List<byte[]> frames = BedrockWireFormat.streamFrames(FakeReply.text("Hi there"));
        List<String> types = frames.stream().map(f -> Message.decode(ByteBuffer.wrap(f)).getHeaders().get(":event-type").getString()).toList();

        assertEquals(List.of("messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"), types);
        Message delta = Message.decode(ByteBuffer.wrap(frames.get(2)));
        assertEquals("event", delta.getHeaders().get(":message-type").getString());
        assertEquals("application/json", delta.getHeaders().get(":content-type").getString());
        JsonNode payload = Json.MAPPER.readTree(new String(delta.getPayload(), StandardCharsets.UTF_8));
        assertEquals(" there", payload.at("/delta/text").asText());
        assertTrue(payload.path("p").isTextual(), "Bedrock's padding field");
        JsonNode usage = Json.MAPPER.readTree(Message.decode(ByteBuffer.wrap(frames.getLast())).getPayload()).path("usage");
        assertEquals(OpenAiWireFormat.PROMPT_TOKENS, usage.path("inputTokens").asLong());

        Message exception = Message.decode(ByteBuffer.wrap(BedrockWireFormat.exception("throttlingException", "slow down")));
        assertEquals("exception", exception.getHeaders().get(":message-type").getString());
        assertEquals("throttlingException", exception.getHeaders().get(":exception-type").getString());
    }

    @Test
    void aCorruptedFrameFailsTheChecksum() {
        byte[] frame = BedrockWireFormat.metadata();
        assertThrows(IllegalArgumentException.class, () -> Message.decode(ByteBuffer.wrap(BedrockWireFormat.corrupted(frame))));
    }

    private static long crc(byte[] bytes, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, length);
        return crc.getValue();
    }
}

package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.chat.testing.GatewayServer;
import io.llmux.testing.RawHttp;
import io.llmux.testing.OpenApiContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Comments keep a silent stream's connection alive, and clients (and the spec) ignore them. */
class StreamKeepAliveTest {

    @Test
    void silencesAreFilledWithCommentsThatDoNotDisturbTheStream() {
        try (GatewayServer gateway = GatewayServer.start(Map.of(
                "llmux.providers.mock.chunk-delay", "250ms", "llmux.stream.keep-alive", "60ms"))) {
            RawHttp.Response response = gateway.http().post("/v1/chat/completions",
                    "{\"model\":\"mock-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(200, response.status());
            assertTrue(response.body().contains(": keep-alive\n\n"), response.body());
            OpenApiContract.StreamEvents events = OpenApiContract.assertValidStream(response.body());
            assertTrue(events.done());
        }
    }

    @Test
    void aBusyStreamGetsNoComments() {
        try (GatewayServer gateway = GatewayServer.start(Map.of("llmux.stream.keep-alive", "5s"))) {
            RawHttp.Response response = gateway.http().post("/v1/chat/completions",
                    "{\"model\":\"mock-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(200, response.status());
            assertTrue(!response.body().contains("keep-alive"), response.body());
        }
    }
}

package io.llmux.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.chat.testing.GatewayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SmokeTest {

    @Test
    void mockChatCompletionAnswersOverHttp() throws Exception {
        try (GatewayServer gateway = GatewayServer.start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", gateway.authorization())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("You said: ping"), response.body());
            assertEquals("mock", response.headers().firstValue("x-llmux-provider").orElseThrow());
        }
    }
}

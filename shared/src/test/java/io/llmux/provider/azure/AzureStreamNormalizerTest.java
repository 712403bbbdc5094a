package io.llmux.provider.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class AzureStreamNormalizerTest {

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(text);
    }

    @Test
    void thePromptFilterChunkRidesOnTheFirstRealChunk() throws Exception {
        ObjectNode filter = json("{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{\"hate\":{\"filtered\":false}}}]}");
        ObjectNode first = json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        ObjectNode second = json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}");

        List<ObjectNode> out = AzureStreamNormalizer.normalize(Flux.just(filter, first, second), "gpt-4o").collectList().block();

        assertEquals(2, out.size());
        assertEquals("chatcmpl-1", out.get(0).path("id").asText());
        assertEquals(false, out.get(0).at("/prompt_filter_results/0/content_filter_results/hate/filtered").asBoolean(true));
        assertEquals(false, out.get(1).has("prompt_filter_results"));
    }

    @Test
    void aStreamOfOnlyTheFilterChunkStillShowsItAsAValidChunk() throws Exception {
        ObjectNode filter = json("{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":[]}");
        List<ObjectNode> out = AzureStreamNormalizer.normalize(Flux.just(filter), "gpt-4o").collectList().block();
        assertEquals(1, out.size());
        assertEquals("chat.completion.chunk", out.get(0).path("object").asText());
        assertEquals("gpt-4o", out.get(0).path("model").asText());
    }
}

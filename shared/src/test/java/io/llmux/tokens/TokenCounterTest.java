package io.llmux.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenCounterTest {

    private final TokenCounter counter = new TokenCounter();

    /** The example conversation of OpenAI's "How to count tokens with tiktoken" cookbook. */
    private static final String COOKBOOK_MESSAGES = """
            [
             {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
             {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
             {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
             {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
             {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
             {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."}
            ]""";

    /** The cookbook's published counts, which OpenAI's API reported as prompt_tokens for these models. */
    @ParameterizedTest
    @CsvSource({"gpt-4o, 124", "gpt-4o-mini, 124", "gpt-4, 129", "gpt-3.5-turbo, 129", "openai/gpt-4o, 124"})
    void countsTheCookbookConversationAsOpenAiDoes(String model, int expected) {
        assertEquals(expected, counter.countPrompt(request(model, COOKBOOK_MESSAGES, "")));
    }

    @Test
    void choosesTheVocabularyByModelFamily() {
        assertEquals(Vocabulary.O200K_BASE, TokenizerFamily.vocabularyFor("gpt-4.1-mini"));
        assertEquals(Vocabulary.O200K_BASE, TokenizerFamily.vocabularyFor("o3"));
        assertEquals(Vocabulary.O200K_BASE, TokenizerFamily.vocabularyFor("gpt-5-nano"));
        assertEquals(Vocabulary.CL100K_BASE, TokenizerFamily.vocabularyFor("gpt-4-turbo"));
        assertEquals(Vocabulary.CL100K_BASE, TokenizerFamily.vocabularyFor("text-embedding-3-small"));
    }

    @Test
    void imagesCostTheirDocumentedTilePrice() {
        String low = "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\",\"detail\":\"low\"}}]}]";
        String high = low.replace("low", "high");
        assertEquals(765 - 85, counter.countPrompt(request("gpt-4o", high, "")) - counter.countPrompt(request("gpt-4o", low, "")));
    }

    @Test
    void toolDefinitionsAddTokens() {
        String messages = "[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]";
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Get the weather.\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City name\"},"
                + "\"unit\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]}},\"required\":[\"city\"]}}}]";
        int without = counter.countPrompt(request("gpt-4o", messages, ""));
        int with = counter.countPrompt(request("gpt-4o", messages, tools));
        assertTrue(with - without > 20 && with - without < 60, "tool definition cost " + (with - without));
    }

    @Test
    void truncatesOnATokenBoundary() {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(20);
        String cut = counter.truncate("gpt-4o", text, 10);
        assertEquals(10, counter.count("gpt-4o", cut));
        assertTrue(text.startsWith(cut));
        assertEquals("short", counter.truncate("gpt-4o", "short", 10));
    }

    private static ChatRequest request(String model, String messages, String extra) {
        String body = "{\"model\":\"" + model + "\",\"messages\":" + messages + extra + "}";
        return ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}

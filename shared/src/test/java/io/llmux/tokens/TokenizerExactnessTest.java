package io.llmux.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LLMux's tokenizer against jtokkit (the reference: it reproduces OpenAI's tiktoken), token id for
 * token id, on hand-picked texts in many scripts, on thousands of seeded random texts built to hit
 * the pattern's edges, on pieces long enough for the heap merge, and for truncation.
 */
class TokenizerExactnessTest {

    private static final EncodingRegistry JTOKKIT = Encodings.newLazyEncodingRegistry();

    static Stream<Arguments> vocabularies() {
        return Stream.of(Arguments.of(Vocabulary.O200K_BASE, EncodingType.O200K_BASE),
                Arguments.of(Vocabulary.CL100K_BASE, EncodingType.CL100K_BASE));
    }

    private static final List<String> TEXTS = List.of(
            "Hello, world!",
            "The quick brown fox jumps over the lazy dog.",
            "I'm sure they'LL say it's FINE, we've been told you'd know. He'S here; THEY'RE not.",
            "  leading spaces, trailing spaces   ",
            "tabs\tand\nnew lines\r\n\r\nand a blank line\n\n\n",
            "1234567890 3.14159 1,000,000 -42 0x1F 2026-11-27T05:00:00Z",
            "Grüße aus München: Straße, Äpfel, Öl, Übermut. Ça va? Où est l'hôtel? ¿Qué tal? Niño",
            "日本語のテキストです。東京は大きい都市です。",
            "中文文本：你好，世界！今天天气很好。",
            "한국어 텍스트입니다. 안녕하세요!",
            "Русский текст: Привет, мир! Как дела?",
            "العربية: مرحبا بالعالم",
            "हिन्दी: नमस्ते दुनिया",
            "Emoji 😀👍🏽👨‍👩‍👧‍👦 🇫🇷 and ❤️ hearts",
            "def count(xs):\n    return sum(1 for x in xs if x % 2 == 0)  # even\n",
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.2}",
            "<|endoftext|> is a special token in text, and so is <|endofprompt|> here; <|fim_prefix|>",
            "a/b/c\\d\\e ///// ...... !!!??? ---- ____ ==== ++++",
            "CamelCaseIdentifiers and snake_case_ones and SCREAMING_CASE and mIxEd",
            "\u00a0non-breaking\u2028line separator\u2029paragraph\u3000ideographic space",
            "combining: e\u0301 a\u0308 n\u0303 \u0915\u094D\u0937",
            "https://example.com/path?query=value&other=1#fragment",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "");

    @ParameterizedTest
    @MethodSource("vocabularies")
    void encodesHandPickedTextsAsJtokkitDoes(Vocabulary vocabulary, EncodingType reference) {
        BpeTokenizer ours = BpeTokenizer.load(vocabulary);
        Encoding theirs = JTOKKIT.getEncoding(reference);
        for (String text : TEXTS) {
            assertSameTokens(ours, theirs, text);
        }
    }

    @ParameterizedTest
    @MethodSource("vocabularies")
    void encodesRandomTextsAsJtokkitDoes(Vocabulary vocabulary, EncodingType reference) {
        BpeTokenizer ours = BpeTokenizer.load(vocabulary);
        Encoding theirs = JTOKKIT.getEncoding(reference);
        Random random = new Random(20261127L);
        for (int i = 0; i < 4000; i++) {
            String text = randomText(random, random.nextInt(120));
            if (vocabulary == Vocabulary.CL100K_BASE && hasUnpairedSurrogate(text)) {
                // jtokkit's hand-written cl100k splitter refuses them ("Input is not UTF-8"). Both
                // vocabularies share the UTF-8 step ('?' for them, as String.getBytes does), which
                // the o200k comparison covers.
                continue;
            }
            assertSameTokens(ours, theirs, text);
        }
    }

    /** Pieces beyond BytePairMerge.SCAN_LIMIT bytes are merged through the heap. */
    @ParameterizedTest
    @MethodSource("vocabularies")
    void encodesLongPiecesAsJtokkitDoes(Vocabulary vocabulary, EncodingType reference) {
        BpeTokenizer ours = BpeTokenizer.load(vocabulary);
        Encoding theirs = JTOKKIT.getEncoding(reference);
        Random random = new Random(7L);
        List<String> texts = new ArrayList<>();
        texts.add("a".repeat(BytePairMerge.SCAN_LIMIT + 1));
        texts.add("z".repeat(10_000));
        texts.add("ab".repeat(3_000));
        texts.add("日本".repeat(400));
        for (int i = 0; i < 60; i++) {
            texts.add(randomLetters(random, 200 + random.nextInt(3_000)));
        }
        byte[] blob = new byte[6_000];
        random.nextBytes(blob);
        // Base64 alternates letter runs and digit runs: many pieces, some long.
        texts.add(java.util.Base64.getEncoder().encodeToString(blob));
        for (String text : texts) {
            assertSameTokens(ours, theirs, text);
        }
    }

    @ParameterizedTest
    @MethodSource("vocabularies")
    void truncatesAsJtokkitDoes(Vocabulary vocabulary, EncodingType reference) {
        BpeTokenizer ours = BpeTokenizer.load(vocabulary);
        Encoding theirs = JTOKKIT.getEncoding(reference);
        Random random = new Random(99L);
        List<String> texts = new ArrayList<>(TEXTS);
        for (int i = 0; i < 500; i++) {
            texts.add(randomText(random, 1 + random.nextInt(80)));
        }
        for (String text : texts) {
            if (text.contains("<|") || hasUnpairedSurrogate(text)) {
                // jtokkit's encode refuses special tokens (counting them is tested above), and
                // reports a text with an unpaired surrogate as truncated even when all of it fits.
                continue;
            }
            assertEquals("", ours.truncate(text, 0));
            for (int max : new int[] {1, 2, 3, 5, 8, 13}) {
                EncodingResult result = theirs.encode(text, max);
                String expected = result.isTruncated() ? theirs.decode(result.getTokens()) : text;
                assertEquals(expected, ours.truncate(text, max), () -> "max " + max + " of " + escape(text));
            }
        }
    }

    private static void assertSameTokens(BpeTokenizer ours, Encoding theirs, String text) {
        int[] expected = theirs.encodeOrdinary(text).boxed().stream().mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, ours.encode(text, Integer.MAX_VALUE), () -> "tokens of " + escape(text));
        assertEquals(expected.length, ours.countTokens(text), () -> "count of " + escape(text));
        assertTrue(expected.length == 0 || text.equals(ours.decode(expected, expected.length))
                || hasUnpairedSurrogate(text), () -> "round trip of " + escape(text));
    }

    /**
     * Characters chosen to hit every branch of both patterns: letters of each case class, marks,
     * digits (ASCII and others), the apostrophe suffixes, CR/LF and other white space, symbols,
     * slashes, CJK, emoji (surrogate pairs), and unpaired surrogates.
     */
    private static final String[] POOL = {
        "a", "b", "z", "A", "Q", "Z", "é", "É", "ß", "ǅ", "ʰ", "中", "の", "ア", "\u0301", "\u094D",
        "0", "7", "9", "٣", "½", "'", "'s", "'S", "'ll", "'LL", "'re", "'ve", "'m", "'d", "'t",
        " ", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\u00a0", "\u2028", "\u3000",
        ".", ",", "!", "?", "-", "_", "/", "\\", "(", ")", "{", "}", "\"", "#", "@", "$", "%", "&", "*",
        "😀", "👍🏽", "🇫🇷", "€", "™", "<|endoftext|>", "\ud800", "\udc00",
        "the", "The", "THE", "ing", " and", "Hello", "world", "123", "4567",
    };

    private static String randomText(Random random, int parts) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            text.append(POOL[random.nextInt(POOL.length)]);
        }
        return text.toString();
    }

    private static String randomLetters(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().limit(200).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u{%x}", cp));
            }
        });
        return out.append(text.length() > 200 ? "...\"" : "\"").toString();
    }
}

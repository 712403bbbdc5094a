package io.llmux.tokens;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Counts, encodes and decodes text with one {@link Vocabulary}, token for token as OpenAI's
 * tiktoken does: the text is split into the pieces of the vocabulary's pattern (by its
 * hand-written {@link PieceSplitter}), each piece is taken as UTF-8 bytes and merged by
 * {@link BytePairMerge}.
 *
 * <p>Written here rather than taken from jtokkit (which stays the reference the tests compare
 * against) because jtokkit can only load a vocabulary by parsing its text form, the largest part of
 * a cold start; see {@link BpeVocabulary}. Special tokens such as {@code <|endoftext|>} are
 * counted as the ordinary text they are in a request (the API never lets a client send special
 * tokens), where jtokkit's counting would refuse them.
 *
 * <p>Thread-safe: each call works on its own buffers.
 */
public final class BpeTokenizer {

    private final Vocabulary vocabulary;
    private final BpeVocabulary tokens;
    private final PieceSplitter splitter;

    private BpeTokenizer(Vocabulary vocabulary, BpeVocabulary tokens) {
        this.vocabulary = vocabulary;
        this.tokens = tokens;
        this.splitter = vocabulary.splitter();
    }

    /** Reads the vocabulary from the class path (tens of milliseconds). */
    public static BpeTokenizer load(Vocabulary vocabulary) {
        return new BpeTokenizer(vocabulary, BpeVocabulary.load(vocabulary.fileName()));
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** How many tokens {@code text} is; 0 for null or empty text. */
    public int countTokens(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        Pieces pieces = new Pieces(text);
        int count = 0;
        while (pieces.next()) {
            count += pieces.tokenCount();
        }
        return count;
    }

    /** The first {@code maxTokens} tokens of {@code text} (all of them if there are fewer). */
    public int[] encode(String text, int maxTokens) {
        int[] out = new int[16];
        int size = 0;
        if (text == null || text.isEmpty() || maxTokens <= 0) {
            return new int[0];
        }
        Pieces pieces = new Pieces(text);
        while (size < maxTokens && pieces.next()) {
            int parts = pieces.tokenCount();
            for (int part = 0; part < parts && size < maxTokens; part++) {
                if (size == out.length) {
                    out = Arrays.copyOf(out, size * 2);
                }
                out[size++] = pieces.token(part);
            }
        }
        return Arrays.copyOf(out, size);
    }

    /** The text of {@code tokens}; bytes that end mid-character decode as U+FFFD. */
    public String decode(int[] tokens, int count) {
        int length = 0;
        for (int i = 0; i < count; i++) {
            length += this.tokens.length(tokens[i]);
        }
        byte[] bytes = new byte[length];
        for (int i = 0, at = 0; i < count; i++) {
            at = this.tokens.copyBytes(tokens[i], bytes, at);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * {@code text} cut to at most {@code maxTokens} tokens: its first tokens, fewer where the last
     * would end inside a character, so that the result is always a prefix of the text.
     */
    public String truncate(String text, int maxTokens) {
        // One token more than allowed tells whether anything was cut.
        int[] head = encode(text, maxTokens == Integer.MAX_VALUE ? maxTokens : maxTokens + 1);
        if (head.length <= maxTokens) {
            return text == null ? "" : text;
        }
        for (int keep = maxTokens; keep > 0; keep--) {
            String decoded = decode(head, keep);
            if (text.startsWith(decoded)) {
                return decoded;
            }
        }
        return "";
    }

    /** Walks the pieces of a text, each as UTF-8 bytes, and merges them on demand. */
    private final class Pieces {

        private final String text;
        /** Where the next piece starts: the pieces tile the text. */
        private int at;
        private final BytePairMerge merge = new BytePairMerge(tokens);
        private byte[] bytes = new byte[64];
        private int length;
        /** The piece's own rank when it is a whole token, else -1 and the merge holds its parts. */
        private int wholeRank;
        private int parts;

        Pieces(String text) {
            this.text = text;
        }

        boolean next() {
            if (at >= text.length()) {
                return false;
            }
            int end = splitter.end(text, at);
            length = utf8(at, end);
            at = end;
            wholeRank = length == 0 ? BpeVocabulary.NOT_A_TOKEN : tokens.rank(bytes, 0, length);
            parts = wholeRank != BpeVocabulary.NOT_A_TOKEN ? 1 : length == 0 ? 0 : merge.merge(bytes, length);
            return true;
        }

        int tokenCount() {
            return parts;
        }

        int token(int part) {
            return wholeRank != BpeVocabulary.NOT_A_TOKEN ? wholeRank
                    : tokens.rank(bytes, merge.bound(part), merge.bound(part + 1));
        }

        /**
         * Encodes text[from .. to) as String.getBytes(UTF_8) would (an unpaired surrogate becomes
         * '?'), into the reused buffer, without the two objects per piece that call makes.
         */
        private int utf8(int from, int to) {
            int most = (to - from) * 3;
            if (bytes.length < most) {
                bytes = new byte[Math.max(most, bytes.length * 2)];
            }
            byte[] out = bytes;
            int at = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    out[at++] = (byte) c;
                } else if (c < 0x800) {
                    out[at++] = (byte) (0xC0 | (c >> 6));
                    out[at++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                        int cp = Character.toCodePoint(c, text.charAt(++i));
                        out[at++] = (byte) (0xF0 | (cp >> 18));
                        out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        out[at++] = (byte) (0x80 | (cp & 0x3F));
                    } else {
                        out[at++] = '?';
                    }
                } else {
                    out[at++] = (byte) (0xE0 | (c >> 12));
                    out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    out[at++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            return at;
        }
    }
}

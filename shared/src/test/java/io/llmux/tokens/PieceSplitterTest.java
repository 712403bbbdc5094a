package io.llmux.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hand-written splitters against the patterns they replace, run by java.util.regex: the same
 * pieces, piece for piece, for every BMP code point in a few dozen contexts, for supplementary
 * code points of every category in several planes, and for hundreds of thousands of seeded random
 * texts built from fragments that reach each branch of each pattern and each backtracking step.
 */
class PieceSplitterTest {

    /**
     * Where each code point is put: next to letters of each case class, marks, digits, the
     * apostrophe and contraction letters, spaces before letters, digits, punctuation and the end,
     * CR/LF, punctuation and slashes, surrogate halves. {@code #} stands for the code point.
     */
    private static final String[] CONTEXTS = {
        "#", "##", "a#", "#a", "A#", "#A", "#b", "AB#", "#AB", "A#b", "a#b", "#\u01c5", "\u02b0#",
        "\u4e2d#", "#\u4e2d", "#\u0301", "\u0301#", "e\u0301#", "#\u0301a", "A#\u0301",
        "1#", "#1", "12#", "#12", "#123", "\u0663#",
        "'#", "#'", "a'#", "a#s", "a#re", "a'#e", "a'r#", "a'v#", "a'l#", "AB'#", "#s", "#ll",
        " #", "# ", "  #", "#  ", "# a", "#  a", "#  1", "#  !", " #a", " #!", "\t#", "#\t\t",
        "\r#", "#\n", "#\r\n", "\n#\n", " #\r\n", "#\r\n\r\n ",
        ".#", "#.", " .#", "#!!", "/#", "#/", "!#/", "#\n/", "#\u00a0x",
        "\ud800#", "#\ud800", "\ud83d#", "#\ude00", "#\ud83d\ude00",
    };

    @ParameterizedTest
    @EnumSource(Vocabulary.class)
    void splitsEveryBmpCodePointInContextAsThePatternDoes(Vocabulary vocabulary) {
        Check check = new Check(vocabulary);
        for (String context : CONTEXTS) {
            int at = context.indexOf('#');
            String before = context.substring(0, at);
            String after = context.substring(at + 1);
            boolean twice = after.startsWith("#");
            if (twice) {
                after = after.substring(1);
            }
            StringBuilder text = new StringBuilder();
            for (int c = 0; c <= 0xFFFF; c++) {
                text.setLength(0);
                text.append(before).append((char) c);
                if (twice) {
                    text.append((char) c);
                }
                check.same(text.append(after).toString());
            }
        }
        assertTrue(check.count >= CONTEXTS.length * 0x10000);
    }

    @ParameterizedTest
    @EnumSource(Vocabulary.class)
    void splitsSupplementaryCodePointsAsThePatternDoes(Vocabulary vocabulary) {
        Check check = new Check(vocabulary);
        List<Integer> codePoints = new ArrayList<>();
        for (int cp = 0x10000; cp <= Character.MAX_CODE_POINT; cp++) {
            // Plane 1 (scripts, mathematical letters and digits, emoji, marks) in full; elsewhere
            // each change of category (CJK, tags, variation selectors, private use) and a sample.
            if (cp < 0x20000 || Character.getType(cp) != Character.getType(cp - 1) || cp % 97 == 0) {
                codePoints.add(cp);
            }
        }
        for (String context : new String[] {"#", "a#", "#a", "A#", "#b", " #", "# ", "#1", "1#", "#'s", "'#",
            "#\u0301", "\u0301#", "#\r\n", "!#", "#!", "  #"}) {
            int at = context.indexOf('#');
            for (int cp : codePoints) {
                check.same(context.substring(0, at) + Character.toString(cp) + context.substring(at + 1));
            }
        }
        assertTrue(check.count > 1_000_000, () -> "only " + check.count);
    }

    /**
     * Fragments for random texts: each branch's characters, and the places where the regex
     * backtracks (upper-case runs with and without a lower-case letter, marks, white-space runs
     * before each kind of character, CR/LF inside white space, contractions in every case,
     * including characters that fold to the contraction's letters only under Unicode case).
     */
    private static final String[] POOL = {
        // Letters: Lu, Ll, Lt, Lm, Lo, also outside the BMP.
        "a", "b", "z", "x", "A", "Q", "Z", "É", "é", "ß", "Σ", "σ", "ǅ", "ᾈ", "ʰ", "ー", "中", "の", "ا",
        "\ud835\udc00", "\ud835\udc1a", "\ud840\udc00", "the", "The", "THE", "HTTPServer", "ing",
        // Marks: Mn, Mc, Me, outside the BMP.
        "\u0301", "\u094D", "\u0903", "\u20DD", "\ud834\udd67",
        // Numbers: Nd (ASCII and others), Nl, No, outside the BMP.
        "0", "7", "9", "12", "345", "4567", "٣", "५", "１", "Ⅻ", "½", "²", "\ud835\udfd8",
        // Contractions in all case mixes, and letters that fold to theirs.
        "'", "'s", "'S", "'t", "'T", "'re", "'RE", "'rE", "'Re", "'ve", "'VE", "'vE", "'m", "'M",
        "'ll", "'LL", "'lL", "'Ll", "'d", "'D", "'ſ", "'\u212A", "'İ", "'ı", "r", "e", "l", "v",
        // White space of every kind, and characters Character.isWhitespace disagrees on.
        " ", " ", " ", "  ", "   ", "\t", "\u000B", "\f", "\u0085", "\u00a0", "\u1680", "\u2000", "\u2007",
        "\u200A", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000", "\u001C", "\u001F", "\u200B",
        "\uFEFF", "\u180E",
        // Line breaks, alone and in runs.
        "\n", "\r", "\r\n", "\n\n", "\r\r\n", " \n", "\n ",
        // Punctuation, symbols, slashes, controls, private use, unassigned.
        ".", ",", "!", "?", "-", "_", "/", "//", "\\", "(", ")", "{", "}", "\"", "#", "@", "$", "€", "™",
        "\u0000", "\u0007", "\uE000", "\u0378", "\ud83d\ude00", "\ud83c\uddeb\ud83c\uddf7", "<|endoftext|>",
        // Unpaired surrogates, including halves that pair up with a neighbour.
        "\ud800", "\udc00", "\udbff", "\ud83d", "\ude00",
    };

    @ParameterizedTest
    @EnumSource(Vocabulary.class)
    void splitsRandomTextsAsThePatternDoes(Vocabulary vocabulary) {
        Check check = new Check(vocabulary);
        Random random = new Random(20261128L);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            text.setLength(0);
            int parts = 1 + random.nextInt(i % 10 == 0 ? 60 : 12);
            for (int p = 0; p < parts; p++) {
                text.append(POOL[random.nextInt(POOL.length)]);
            }
            check.same(text.toString());
        }
    }

    /** The splitters' own edges: the end of the text inside each branch. */
    @ParameterizedTest
    @EnumSource(Vocabulary.class)
    void splitsAtTheEndOfTheTextAsThePatternDoes(Vocabulary vocabulary) {
        Check check = new Check(vocabulary);
        for (String text : new String[] {"a", "A", "AB", "a'", "a'r", "a'l", "'", "'r", "1", "1234567",
            " ", "  ", " \t ", " a", "  a", " !", "!", "\r", "\r\n ", " \r", "\u0301", " \u0301", "\ud800",
            "x\ud83d", "\ud83d\ude00", "/", "!/", "!\n/", "A\u0301", "AB\u0301C"}) {
            check.same(text);
        }
    }

    /**
     * The corners the regex decides in a way one might not expect, pinned here in words as well:
     * (?i) folds with Unicode case (UNICODE_CHARACTER_CLASS implies UNICODE_CASE), so the long s
     * U+017F ends a contraction (the only char outside ASCII that folds to one of its letters);
     * the Kelvin sign folds to 'k', which no contraction has. An unpaired surrogate is a symbol.
     */
    @Test
    void pinsTheCornersOfThePatterns() {
        assertEquals(List.of("it'\u017f", " K", "'\u212a"), pieces(Vocabulary.O200K_BASE, "it'\u017f K'\u212a"));
        assertEquals(List.of("it", "'\u017f", " K", "'\u212a"), pieces(Vocabulary.CL100K_BASE, "it'\u017f K'\u212a"));
        assertEquals(List.of("a", " \ud800!\udc00", "b", "\udc00b"), pieces(Vocabulary.O200K_BASE, "a \ud800!\udc00b\udc00b"));
        assertEquals(List.of("x", "  ", " y", "\n\n", " \t"), pieces(Vocabulary.CL100K_BASE, "x   y\n\n \t"));
    }

    private static List<String> pieces(Vocabulary vocabulary, String text) {
        List<String> pieces = new ArrayList<>();
        for (int at = 0; at < text.length(); ) {
            int end = vocabulary.splitter().end(text, at);
            pieces.add(text.substring(at, end));
            at = end;
        }
        Check.same(vocabulary.pattern(), vocabulary.splitter(), text);
        return pieces;
    }

    /** The check can fail: a splitter that differs from the pattern in one piece is caught. */
    @Test
    void reportsThePieceThatDiffers() {
        // cl100k takes a contraction apart from its word, o200k keeps it with the word.
        AssertionError error = assertThrows(AssertionError.class,
                () -> Check.same(Vocabulary.O200K_BASE.pattern(), Vocabulary.CL100K_BASE.splitter(), "a b'sc"));
        assertTrue(error.getMessage().startsWith("piece 1 of \"a b'sc\""), error.getMessage());
    }

    /** Both splitters' pieces are equal to their pattern's, counted in {@code count}. */
    private static final class Check {

        private final Pattern pattern;
        private final PieceSplitter splitter;
        private int count;

        Check(Vocabulary vocabulary) {
            this.pattern = vocabulary.pattern();
            this.splitter = vocabulary.splitter();
        }

        void same(String text) {
            same(pattern, splitter, text);
            count++;
        }

        static void same(Pattern pattern, PieceSplitter splitter, String text) {
            Matcher matcher = pattern.matcher(text);
            int at = 0;
            int piece = 0;
            while (matcher.find()) {
                int end;
                try {
                    end = at < text.length() ? splitter.end(text, at) : -1;
                } catch (RuntimeException e) {
                    throw new AssertionError("piece " + piece + " of " + escape(text), e);
                }
                if (matcher.start() != at || matcher.end() != end) {
                    fail("piece " + piece + " of " + escape(text) + ": the pattern gives ["
                            + matcher.start() + ", " + matcher.end() + "), the splitter [" + at + ", " + end
                            + ")\n pattern: " + pieces(pattern, text));
                }
                at = end;
                piece++;
            }
            assertEquals(text.length(), at, () -> "the pattern stops early in " + escape(text));
        }

        private static String pieces(Pattern pattern, String text) {
            StringBuilder out = new StringBuilder();
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                out.append(escape(matcher.group())).append(' ');
            }
            return out.toString();
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }
}

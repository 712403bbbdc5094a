package io.llmux.tokens;

import static io.llmux.tokens.CharClass.LETTER;
import static io.llmux.tokens.CharClass.LOWER;
import static io.llmux.tokens.CharClass.MARK;
import static io.llmux.tokens.CharClass.NUMBER;
import static io.llmux.tokens.CharClass.SPACE;
import static io.llmux.tokens.CharClass.UPPER;

/**
 * o200k_base's split, hand-written: the same pieces as {@link Vocabulary#O200K_BASE}'s pattern
 * under java.util.regex (with UNICODE_CHARACTER_CLASS),
 *
 * <pre>
 * [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 * |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
 * |\p{N}{1,3}
 * | ?[^\s\p{L}\p{N}]+[\r\n/]*
 * |\s*[\r\n]+
 * |\s+(?!\S)
 * |\s+
 * </pre>
 *
 * <p>Why by hand: the regex was about 85% of the time to count a text (a 20 KB document: 1.2 of
 * 1.45 ms), for a gateway whose whole budget per request is some 40-50 µs; no library offers this
 * split for Java without a regex engine (jtokkit's hand-written splitter is cl100k's only, and
 * refuses unpaired surrogates). {@code PieceSplitterTest} holds it to the regex piece for piece.
 *
 * <p>Below, "upper" is {@code [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]} and "lower" is
 * {@code [\p{Ll}\p{Lm}\p{Lo}\p{M}]}; they overlap on Lm, Lo and marks, which is where the
 * regex backtracks.
 */
final class O200kSplitter extends PieceSplitter {

    @Override
    int end(String text, int start) {
        int cp = CharClass.codePointAt(text, start);
        int bits = CharClass.of(cp);
        if ((bits & LETTER) != 0) {
            // No prefix before a letter. A lower, Lm or Lo letter always ends branch 1 (at
            // itself if need be); an upper one that no lower follows falls to branch 2.
            int end = upperThenLower(text, start);
            return end >= 0 ? end : upperRun(text, start);
        }
        if ((bits & NUMBER) != 0) {
            return digits(text, start);
        }
        if (prefix(bits)) {
            int after = start + Character.charCount(cp);
            int end = upperThenLower(text, after);
            if (end >= 0) {
                return end;
            }
            if ((bits & MARK) != 0) {
                // Branch 1 without its prefix: a mark is itself upper and lower.
                return upperThenLower(text, start);
            }
            end = upperRun(text, after);
            if (end >= 0) {
                return end;
            }
        }
        if ((bits & SPACE) == 0) {
            return punctuationRun(text, start, true);
        }
        int after = start + 1;
        if (cp == ' ' && after < text.length()
                && punctuation(CharClass.of(CharClass.codePointAt(text, after)))) {
            return punctuationRun(text, after, true);
        }
        return whitespace(text, start);
    }

    /**
     * {@code [upper]*[lower]+(?i:contraction)?} from {@code from}, or -1. Greedy upper* first
     * takes the whole upper run; if no lower follows it, it gives back code points until one it
     * gave back is lower, and lower+ is then that one alone (the next is upper but not lower, or
     * it would have been found first).
     */
    private static int upperThenLower(String text, int from) {
        int n = text.length();
        int i = from;
        int afterLastLower = -1;
        int bits = 0;
        while (i < n) {
            int cp = CharClass.codePointAt(text, i);
            bits = CharClass.of(cp);
            if ((bits & UPPER) == 0) {
                break;
            }
            i += Character.charCount(cp);
            if ((bits & LOWER) != 0) {
                afterLastLower = i;
            }
        }
        if (i < n && (bits & LOWER) != 0) {
            return contraction(text, lowerRun(text, i));
        }
        return afterLastLower < 0 ? -1 : contraction(text, afterLastLower);
    }

    /** {@code [upper]+[lower]*(?i:contraction)?} from {@code from}, or -1. */
    private static int upperRun(String text, int from) {
        int n = text.length();
        int i = from;
        while (i < n) {
            int cp = CharClass.codePointAt(text, i);
            if ((CharClass.of(cp) & UPPER) == 0) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i == from ? -1 : contraction(text, lowerRun(text, i));
    }

    private static int lowerRun(String text, int from) {
        int n = text.length();
        int i = from;
        while (i < n) {
            int cp = CharClass.codePointAt(text, i);
            if ((CharClass.of(cp) & LOWER) == 0) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }
}

package io.llmux.tokens;

import static io.llmux.tokens.CharClass.LETTER;
import static io.llmux.tokens.CharClass.NUMBER;
import static io.llmux.tokens.CharClass.SPACE;

/**
 * cl100k_base's split, hand-written: the same pieces as {@link Vocabulary#CL100K_BASE}'s pattern
 * under java.util.regex (with UNICODE_CHARACTER_CLASS),
 *
 * <pre>
 * (?i:'s|'t|'re|'ve|'m|'ll|'d)
 * |[^\r\n\p{L}\p{N}]?\p{L}+
 * |\p{N}{1,3}
 * | ?[^\s\p{L}\p{N}]+[\r\n]*
 * |\s*[\r\n]+
 * |\s+(?!\S)
 * |\s+
 * </pre>
 *
 * <p>Why by hand: the regex was about 85% of the time to count a text, for a gateway whose whole
 * budget per request is some 40-50 µs; no library offers this split for Java without a regex
 * engine (jtokkit's hand-written one is package-private, yields UTF-8 byte lists, and refuses
 * unpaired surrogates, which a JSON body can carry). {@code PieceSplitterTest} holds it to the regex
 * piece for piece.
 */
final class Cl100kSplitter extends PieceSplitter {

    @Override
    int end(String text, int start) {
        int contraction = contraction(text, start);
        if (contraction > start) {
            return contraction;
        }
        int cp = CharClass.codePointAt(text, start);
        int bits = CharClass.of(cp);
        if ((bits & LETTER) != 0) {
            return letters(text, start);
        }
        int after = start + Character.charCount(cp);
        if (prefix(bits) && after < text.length()
                && (CharClass.of(CharClass.codePointAt(text, after)) & LETTER) != 0) {
            return letters(text, after);
        }
        if ((bits & NUMBER) != 0) {
            return digits(text, start);
        }
        if ((bits & SPACE) == 0) {
            return punctuationRun(text, start, false);
        }
        if (cp == ' ' && after < text.length()
                && punctuation(CharClass.of(CharClass.codePointAt(text, after)))) {
            return punctuationRun(text, after, false);
        }
        return whitespace(text, start);
    }

    private static int letters(String text, int from) {
        int n = text.length();
        int i = from;
        while (i < n) {
            int cp = CharClass.codePointAt(text, i);
            if ((CharClass.of(cp) & LETTER) == 0) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }
}

package io.llmux.tokens;

import static io.llmux.tokens.CharClass.NEWLINE;
import static io.llmux.tokens.CharClass.NUMBER;
import static io.llmux.tokens.CharClass.SPACE;

/**
 * Splits text into the pieces a vocabulary merges, exactly as its pattern ({@link Vocabulary})
 * would with {@code Matcher.find()}, but by one walk over the chars with no object per piece.
 * Every position of a text starts a match of both patterns (any code point is a letter, a number,
 * white space or matches the punctuation branch), so the pieces tile the text: a piece starts
 * where the previous one ended.
 *
 * <p>The steps both patterns share are here; each subclass is one pattern's alternation, in
 * order.
 */
abstract sealed class PieceSplitter permits O200kSplitter, Cl100kSplitter {

    /** The end (exclusive) of the piece that starts at {@code start}, which is before the end. */
    abstract int end(String text, int start);

    /** {@code \p{N}{1,3}} from {@code start}, where a number is. */
    static int digits(String text, int start) {
        int n = text.length();
        int i = start;
        for (int taken = 0; taken < 3 && i < n; taken++) {
            int cp = CharClass.codePointAt(text, i);
            if ((CharClass.of(cp) & NUMBER) == 0) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    /**
     * The last three branches, {@code \s*[\r\n]+|\s+(?!\S)|\s+}, from {@code start}, where white
     * space is (and no earlier branch matched). White space is never a surrogate pair, so chars are
     * code points here.
     */
    static int whitespace(String text, int start) {
        int n = text.length();
        int i = start;
        int afterNewline = -1;
        while (i < n) {
            int bits = CharClass.of(text.charAt(i));
            if ((bits & SPACE) == 0) {
                break;
            }
            i++;
            if ((bits & NEWLINE) != 0) {
                afterNewline = i;
            }
        }
        if (afterNewline >= 0) {
            // \s*[\r\n]+: \s* backs off to the run's last CR or LF, [\r\n]+ takes just that one.
            return afterNewline;
        }
        // \s+(?!\S): before text, \s+ gives back one char so that white space follows it; a
        // single char cannot give one back and falls to \s+. At the end of the text it keeps all.
        return i < n && i - start >= 2 ? i - 1 : i;
    }

    /**
     * {@code [^\s\p{L}\p{N}]+[\r\n]*} (cl100k) or {@code [^\s\p{L}\p{N}]+[\r\n/]*} (o200k,
     * {@code slashes}) from {@code from}, where such a code point is.
     */
    static int punctuationRun(String text, int from, boolean slashes) {
        int n = text.length();
        int i = from;
        while (i < n) {
            int cp = CharClass.codePointAt(text, i);
            if (!punctuation(CharClass.of(cp))) {
                break;
            }
            i += Character.charCount(cp);
        }
        while (i < n) {
            char c = text.charAt(i);
            if (c != '\r' && c != '\n' && (c != '/' || !slashes)) {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)?} at {@code at}: the end of the contraction there, or
     * {@code at} if none.
     */
    static int contraction(String text, int at) {
        int n = text.length();
        if (at + 1 >= n || !folds(text.charAt(at), '\'')) {
            return at;
        }
        char first = text.charAt(at + 1);
        if (folds(first, 's') || folds(first, 't') || folds(first, 'm') || folds(first, 'd')) {
            return at + 2;
        }
        if (at + 2 < n) {
            char second = text.charAt(at + 2);
            if ((folds(first, 'r') || folds(first, 'v')) && folds(second, 'e') || folds(first, 'l') && folds(second, 'l')) {
                return at + 3;
            }
        }
        return at;
    }

    /**
     * Whether char {@code c} matches the pattern's lower-case ASCII literal {@code literal} inside
     * (?i): UNICODE_CHARACTER_CLASS implies UNICODE_CASE, under which java.util.regex compares
     * each char (not code point) of the text folded by toLowerCase(toUpperCase(c)). So U+017F
     * (long s) matches 's', and U+212A (Kelvin sign) would match 'k'. For ASCII chars that folding
     * only maps A-Z to a-z.
     */
    static boolean folds(char c, char literal) {
        if (c < 0x80) {
            return c == literal || (c ^ 0x20) == literal && literal >= 'a' && literal <= 'z';
        }
        return Character.toLowerCase(Character.toUpperCase((int) c)) == literal;
    }

    /** Whether a code point with these classes may be the optional {@code [^\r\n\p{L}\p{N}]}. */
    static boolean prefix(int bits) {
        return (bits & (NEWLINE | CharClass.LETTER | NUMBER)) == 0;
    }

    /** Whether a code point with these classes is {@code [^\s\p{L}\p{N}]}. */
    static boolean punctuation(int bits) {
        return (bits & (SPACE | CharClass.LETTER | NUMBER)) == 0;
    }
}

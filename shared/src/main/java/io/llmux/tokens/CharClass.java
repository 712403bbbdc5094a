package io.llmux.tokens;

/**
 * The classes the vocabularies' patterns test a code point for, as bits, exactly as
 * java.util.regex decides them under {@code UNICODE_CHARACTER_CLASS}: {@code \p{..}} by
 * {@link Character#getType(int)} of the code point, {@code \s} by Java's White_Space predicate
 * (space, line and paragraph separators, U+0009..U+000D and U+0085; not
 * {@link Character#isWhitespace}, which has U+001C..U+001F and lacks U+0085 and the no-break
 * spaces U+00A0, U+2007, U+202F). An unpaired
 * surrogate is a code point of type SURROGATE: none of these classes.
 */
final class CharClass {

    /** {@code \s}. */
    static final int SPACE = 1;
    /** {@code [\r\n]}. */
    static final int NEWLINE = 1 << 1;
    /** {@code \p{L}}. */
    static final int LETTER = 1 << 2;
    /** {@code \p{N}}. */
    static final int NUMBER = 1 << 3;
    /** {@code \p{M}}. */
    static final int MARK = 1 << 4;
    /** o200k's {@code [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]}. */
    static final int UPPER = 1 << 5;
    /** o200k's {@code [\p{Ll}\p{Lm}\p{Lo}\p{M}]}. */
    static final int LOWER = 1 << 6;

    /** By general category (the values of Character.getType, all below 32). */
    private static final int[] BY_TYPE = new int[32];
    /** U+0000..U+00FF, where \s also has the control characters; the rest is by category. */
    private static final byte[] LATIN1 = new byte[256];

    static {
        BY_TYPE[Character.UPPERCASE_LETTER] = LETTER | UPPER;
        BY_TYPE[Character.TITLECASE_LETTER] = LETTER | UPPER;
        BY_TYPE[Character.LOWERCASE_LETTER] = LETTER | LOWER;
        BY_TYPE[Character.MODIFIER_LETTER] = LETTER | UPPER | LOWER;
        BY_TYPE[Character.OTHER_LETTER] = LETTER | UPPER | LOWER;
        BY_TYPE[Character.NON_SPACING_MARK] = MARK | UPPER | LOWER;
        BY_TYPE[Character.COMBINING_SPACING_MARK] = MARK | UPPER | LOWER;
        BY_TYPE[Character.ENCLOSING_MARK] = MARK | UPPER | LOWER;
        BY_TYPE[Character.DECIMAL_DIGIT_NUMBER] = NUMBER;
        BY_TYPE[Character.LETTER_NUMBER] = NUMBER;
        BY_TYPE[Character.OTHER_NUMBER] = NUMBER;
        BY_TYPE[Character.SPACE_SEPARATOR] = SPACE;
        BY_TYPE[Character.LINE_SEPARATOR] = SPACE;
        BY_TYPE[Character.PARAGRAPH_SEPARATOR] = SPACE;
        for (int c = 0; c < LATIN1.length; c++) {
            int bits = BY_TYPE[Character.getType(c)];
            if ((c >= 0x9 && c <= 0xD) || c == 0x85) {
                bits |= SPACE;
            }
            if (c == '\r' || c == '\n') {
                bits |= NEWLINE;
            }
            LATIN1[c] = (byte) bits;
        }
    }

    private CharClass() {
    }

    /** The classes of code point {@code cp} (an unpaired surrogate is passed as itself). */
    static int of(int cp) {
        // Above U+00FF no white space depends on anything but the category.
        return cp < 256 ? LATIN1[cp] : BY_TYPE[Character.getType(cp)];
    }

    /**
     * The code point at {@code i} as java.util.regex reads it: a surrogate pair as one, an unpaired
     * surrogate as itself. Its width in chars is {@code Character.charCount} of it.
     */
    static int codePointAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
            char low = text.charAt(i + 1);
            if (Character.isLowSurrogate(low)) {
                return Character.toCodePoint(c, low);
            }
        }
        return c;
    }
}

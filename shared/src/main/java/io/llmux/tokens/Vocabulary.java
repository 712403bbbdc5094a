package io.llmux.tokens;

import java.util.regex.Pattern;

/**
 * The byte-pair vocabularies LLMux counts with, each with the pattern that splits text into the
 * pieces it merges (OpenAI's tiktoken definitions, as jtokkit implements them) and the
 * hand-written splitter that counting uses instead of it, which gives the same pieces faster.
 */
public enum Vocabulary {

    /** gpt-4o, gpt-4.1, gpt-5, the o-series; also the estimate for other vendors' models. */
    O200K_BASE("o200k_base", new O200kSplitter(), String.join("|",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+")),

    /** gpt-4, gpt-3.5 and the text-embedding models. */
    CL100K_BASE("cl100k_base", new Cl100kSplitter(), String.join("|",
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)",
            "[^\\r\\n\\p{L}\\p{N}]?\\p{L}+",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+"));

    private final String fileName;
    private final PieceSplitter splitter;
    private final String pattern;

    Vocabulary(String fileName, PieceSplitter splitter, String pattern) {
        this.fileName = fileName;
        this.splitter = splitter;
        this.pattern = pattern;
    }

    /** tiktoken's name for it, which is also its resource's name. */
    public String fileName() {
        return fileName;
    }

    PieceSplitter splitter() {
        return splitter;
    }

    /**
     * The pattern as java.util.regex runs it: the definition the splitter must match, which
     * PieceSplitterTest compares it with (counting does not use it).
     */
    Pattern pattern() {
        // Unicode classes for \s as tiktoken's regex engine has them.
        return Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS);
    }
}

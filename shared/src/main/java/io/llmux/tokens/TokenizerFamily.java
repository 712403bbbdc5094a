package io.llmux.tokens;

/** Which BPE vocabulary a model family uses (OpenAI's published mapping). */
public final class TokenizerFamily {

    private TokenizerFamily() {
    }

    /**
     * o200k_base for gpt-4o, gpt-4.1, gpt-5, the o-series and chatgpt-4o; cl100k_base for gpt-4,
     * gpt-3.5 and the embedding models. Models of other vendors are estimated with o200k_base: their
     * providers report usage, and the local count only fills the gap when they do not.
     */
    public static Vocabulary vocabularyFor(String model) {
        String m = stripProvider(model);
        if (m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5") || m.startsWith("gpt-5")
                || m.startsWith("chatgpt-4o") || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4")
                || m.startsWith("gpt-oss")) {
            return Vocabulary.O200K_BASE;
        }
        if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5") || m.startsWith("text-embedding-")) {
            return Vocabulary.CL100K_BASE;
        }
        return Vocabulary.O200K_BASE;
    }

    static String stripProvider(String model) {
        int slash = model.lastIndexOf('/');
        return slash < 0 ? model : model.substring(slash + 1);
    }
}

package io.llmux.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmux.tokens.BpeTokenizer;
import io.llmux.tokens.Vocabulary;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Counting tokens with LLMux's tokenizer and with jtokkit, the library it replaced for start-up's
 * sake: the same texts, so the hot path's cost of the change is visible. Texts: a chat turn, a
 * 20 KB document, and 20 KB without a space (a base64 blob: long pieces). Both vocabularies:
 * LLMux splits each with its own hand-written splitter; jtokkit splits o200k_base with
 * java.util.regex and cl100k_base with its own hand-written parser.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class TokenizerBenchmark {

    @Param({"O200K_BASE", "CL100K_BASE"})
    public String vocabulary;

    @Param({"chat-turn", "document-20kb", "base64-20kb"})
    public String text;

    private String sample;
    private BpeTokenizer llmux;
    private Encoding jtokkit;

    @Setup
    public void setUp() {
        llmux = BpeTokenizer.load(Vocabulary.valueOf(vocabulary));
        jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.valueOf(vocabulary));
        String turn = "Does the rotation job also update the read replica, or do I have to do that separately? "
                + "And will the analytics export break while the pods restart?";
        sample = switch (text) {
            case "chat-turn" -> turn;
            case "document-20kb" -> (turn + " The runbook lists 12 steps; step 7 restarts billing-staging (2 pods).\n")
                    .repeat(20_000 / 160);
            case "base64-20kb" -> {
                byte[] bytes = new byte[15_000];
                new Random(1).nextBytes(bytes);
                yield java.util.Base64.getEncoder().encodeToString(bytes);
            }
            default -> throw new IllegalArgumentException(text);
        };
        if (llmux.countTokens(sample) != jtokkit.countTokensOrdinary(sample)) {
            throw new IllegalStateException("the tokenizers disagree on " + text);
        }
    }

    @Benchmark
    public int llmux() {
        return llmux.countTokens(sample);
    }

    @Benchmark
    public int jtokkit() {
        return jtokkit.countTokensOrdinary(sample);
    }
}

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.ZipFile;

/**
 * Build step (run by shared/pom.xml at generate-resources, with the JDK's source launcher):
 * turns jtokkit's text vocabularies (tiktoken's published files: one base64 token and its rank
 * per line) into the binary form that {@code io.llmux.tokens.BpeVocabulary} reads at start-up
 * without parsing.
 *
 * <p>Why: parsing 200,000 base64 lines and building jtokkit's maps took 350 to 550 ms of CPU in
 * a cold Lambda, the largest part of the chat function's cold start. The binary form is read in one
 * go and indexed without allocating per token.
 *
 * <p>Format (big-endian): the 8 bytes {@code LLMUXBPE}, a version int (1), the token count N, N
 * unsigned bytes giving each token's length, then the tokens' bytes back to back. A token's rank
 * is its position: the build fails if the source file's ranks are not 0..N-1 in order, if a token
 * is longer than 255 bytes, or if any of the 256 single bytes is missing (the encoder relies on
 * every byte being a token).
 *
 * <p>Usage: {@code java VocabularyCompiler.java JTOKKIT_JAR OUTPUT_DIR NAME...}
 */
public final class VocabularyCompiler {

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (int i = 2; i < args.length; i++) {
                String name = args[i];
                var entry = zip.getEntry("com/knuddels/jtokkit/" + name + ".tiktoken");
                if (entry == null) {
                    throw new IllegalStateException(jar + " has no vocabulary " + name);
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.write(out.resolve(name + ".bpe"), compile(name, new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
                }
            }
        }
    }

    static byte[] compile(String name, String text) throws IOException {
        String[] lines = text.split("\n");
        ByteArrayOutputStream lengths = new ByteArrayOutputStream(lines.length);
        ByteArrayOutputStream tokens = new ByteArrayOutputStream(lines.length * 8);
        boolean[] singleBytes = new boolean[256];
        int rank = 0;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            byte[] token = Base64.getDecoder().decode(line.substring(0, space));
            if (Integer.parseInt(line.substring(space + 1).trim()) != rank) {
                throw new IllegalStateException(name + ": rank " + rank + " is out of order");
            }
            if (token.length == 0 || token.length > 255) {
                throw new IllegalStateException(name + ": token " + rank + " is " + token.length + " bytes long");
            }
            if (token.length == 1) {
                singleBytes[token[0] & 0xff] = true;
            }
            lengths.write(token.length);
            tokens.write(token);
            rank++;
        }
        for (int b = 0; b < 256; b++) {
            if (!singleBytes[b]) {
                throw new IllegalStateException(name + ": the single byte " + b + " is not a token");
            }
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(file);
        data.write("LLMUXBPE".getBytes(StandardCharsets.US_ASCII));
        data.writeInt(1);
        data.writeInt(rank);
        lengths.writeTo(data);
        tokens.writeTo(data);
        data.flush();
        return file.toByteArray();
    }
}

package io.llmux.tokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte-pair vocabulary (every token's bytes and rank) with a lookup from a byte range to its rank.
 *
 * <p>Read from the binary form the build makes out of tiktoken's published files
 * ({@code shared/src/build/java/VocabularyCompiler.java} documents the format): one read, one pass
 * over the token lengths and an open-addressing table of ints, with no object per token. That is
 * the reason this class exists rather than jtokkit's loader, which parses 200,000 lines of base64
 * and builds 400,000 map entries: 350 to 550 ms of CPU at every cold start, against about 20 ms
 * here. {@code TokenizerExactnessTest} checks the result against jtokkit token for token.
 */
final class BpeVocabulary {

    static final int NOT_A_TOKEN = -1;
    private static final byte[] MAGIC = "LLMUXBPE".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 8;

    /** The file as read; token {@code r}'s bytes are {@code data[start[r] .. start[r + 1])}. */
    private final byte[] data;
    private final int[] start;
    /** Open addressing, linear probing: rank + 1 per slot, 0 for an empty slot. */
    private final int[] slots;
    private final int mask;

    private BpeVocabulary(byte[] data) {
        if (data.length < HEADER || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalStateException("not an LLMux BPE vocabulary");
        }
        ByteBuffer header = ByteBuffer.wrap(data, MAGIC.length, 8);
        int version = header.getInt();
        int count = header.getInt();
        if (version != VERSION) {
            throw new IllegalStateException("unsupported vocabulary version " + version);
        }
        this.data = data;
        this.start = new int[count + 1];
        int offset = HEADER + count;
        for (int rank = 0; rank < count; rank++) {
            start[rank] = offset;
            offset += data[HEADER + rank] & 0xff;
        }
        start[count] = offset;
        if (offset != data.length) {
            throw new IllegalStateException("truncated vocabulary: " + data.length + " bytes, expected " + offset);
        }
        this.slots = new int[Integer.highestOneBit(count * 2 - 1) << 1];
        this.mask = slots.length - 1;
        for (int rank = 0; rank < count; rank++) {
            int slot = hash(data, start[rank], start[rank + 1]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = rank + 1;
        }
    }

    /** Reads {@code NAME.bpe} from this package's resources. */
    static BpeVocabulary load(String name) {
        String resource = name + ".bpe";
        try (InputStream in = BpeVocabulary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("vocabulary " + resource + " is missing from the class path");
            }
            return new BpeVocabulary(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vocabulary " + resource, e);
        }
    }

    int size() {
        return start.length - 1;
    }

    /** The rank of {@code bytes[from .. to)}, or {@link #NOT_A_TOKEN}. */
    int rank(byte[] bytes, int from, int to) {
        int length = to - from;
        int slot = hash(bytes, from, to) & mask;
        for (int entry; (entry = slots[slot]) != 0; slot = (slot + 1) & mask) {
            int rank = entry - 1;
            int tokenStart = start[rank];
            if (start[rank + 1] - tokenStart == length
                    && Arrays.equals(data, tokenStart, tokenStart + length, bytes, from, to)) {
                return rank;
            }
        }
        return NOT_A_TOKEN;
    }

    /** Appends token {@code rank}'s bytes to {@code out} at {@code position}; returns the new position. */
    int copyBytes(int rank, byte[] out, int position) {
        int length = start[rank + 1] - start[rank];
        System.arraycopy(data, start[rank], out, position, length);
        return position + length;
    }

    int length(int rank) {
        return start[rank + 1] - start[rank];
    }

    /** FNV-1a, then the high bits folded in: the table is indexed by the low bits. */
    private static int hash(byte[] bytes, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }
}

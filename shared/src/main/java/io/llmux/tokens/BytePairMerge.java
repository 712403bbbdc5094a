package io.llmux.tokens;

/**
 * tiktoken's byte-pair merge of one piece of text: start from single bytes and repeatedly merge
 * the adjacent pair whose concatenation has the lowest rank (the leftmost on a tie) until no pair
 * is a token. The parts left are the piece's tokens.
 *
 * <p>Short pieces (almost all of them: words, numbers, runs of punctuation) use tiktoken's own
 * array scan, which is quadratic but has the smallest constant. Long pieces (a base64 blob, a
 * line of minified code) use a heap of candidate pairs over a linked list of parts, so that a
 * client cannot make counting quadratic in the size of its request. Both merge in the same order,
 * so they give the same tokens.
 *
 * <p>Not thread-safe: each count or encoding uses its own instance (its arrays grow to the
 * longest piece seen and are reused for the next).
 */
final class BytePairMerge {

    /** Pieces up to this many bytes are merged by scanning; longer ones through the heap. */
    static final int SCAN_LIMIT = 256;
    private static final int NONE = Integer.MAX_VALUE;
    private static final int MERGED = -2;

    private final BpeVocabulary vocabulary;
    /** The parts' boundaries after a merge: part i is bytes [bounds[i], bounds[i + 1]). */
    private int[] bounds = new int[64];
    private int[] ranks = new int[64];
    private int[] next = new int[0];
    private int[] previous = new int[0];
    private long[] heap = new long[0];
    private int heapSize;

    BytePairMerge(BpeVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** Merges {@code piece[0 .. length)} (length of at least 2); returns the number of parts. */
    int merge(byte[] piece, int length) {
        return length <= SCAN_LIMIT ? scan(piece, length) : mergeByHeap(piece, length);
    }

    /** Start of part {@code i} of the last merge ({@code i == parts} gives the end). */
    int bound(int i) {
        return bounds[i];
    }

    private int scan(byte[] piece, int length) {
        int entries = length + 1;
        if (bounds.length < entries) {
            bounds = new int[Math.max(entries, bounds.length * 2)];
            ranks = new int[bounds.length];
        }
        int[] bound = bounds;
        int[] rank = ranks;
        int minRank = NONE;
        int minIndex = -1;
        for (int i = 0; i < length - 1; i++) {
            int r = rankOf(piece, i, i + 2);
            bound[i] = i;
            rank[i] = r;
            if (r < minRank) {
                minRank = r;
                minIndex = i;
            }
        }
        bound[length - 1] = length - 1;
        rank[length - 1] = NONE;
        bound[length] = length;
        rank[length] = NONE;
        while (minRank != NONE) {
            int i = minIndex;
            if (i > 0) {
                rank[i - 1] = i + 2 < entries ? rankOf(piece, bound[i - 1], bound[i + 2]) : NONE;
            }
            rank[i] = i + 3 < entries ? rankOf(piece, bound[i], bound[i + 3]) : NONE;
            System.arraycopy(bound, i + 2, bound, i + 1, entries - i - 2);
            System.arraycopy(rank, i + 2, rank, i + 1, entries - i - 2);
            entries--;
            minRank = NONE;
            for (int j = 0; j < entries - 1; j++) {
                if (rank[j] < minRank) {
                    minRank = rank[j];
                    minIndex = j;
                }
            }
        }
        return entries - 1;
    }

    /**
     * The same merges in O(n log n): a min-heap of (rank, start) keys, so ties go to the leftmost
     * pair as in the scan. An entry is stale once its start was merged away or its pair changed;
     * a live start's pair only ever grows, so a changed pair never has its old rank again.
     */
    private int mergeByHeap(byte[] piece, int length) {
        if (next.length < length + 1) {
            next = new int[length + 1];
            previous = new int[length + 1];
            ranks = new int[Math.max(length + 1, ranks.length)];
            bounds = new int[Math.max(length + 1, bounds.length)];
            // Each merge pushes at most two pairs: room for the first ones and two per merge.
            heap = new long[3 * length];
        }
        int[] rank = ranks;
        heapSize = 0;
        for (int i = 0; i < length; i++) {
            next[i] = i + 1;
            previous[i] = i - 1;
            rank[i] = i + 1 < length ? rankOf(piece, i, i + 2) : NONE;
            if (rank[i] != NONE) {
                push(rank[i], i);
            }
        }
        int parts = length;
        while (heapSize > 0) {
            long key = pop();
            int i = (int) key;
            if (rank[i] != (int) (key >>> 32)) {
                continue;
            }
            int j = next[i];
            int k = next[j];
            next[i] = k;
            if (k < length) {
                previous[k] = i;
            }
            rank[j] = MERGED;
            parts--;
            rank[i] = k < length ? rankOf(piece, i, next[k]) : NONE;
            if (rank[i] != NONE) {
                push(rank[i], i);
            }
            int p = previous[i];
            if (p >= 0) {
                rank[p] = rankOf(piece, p, k);
                if (rank[p] != NONE) {
                    push(rank[p], p);
                }
            }
        }
        int[] bound = bounds;
        for (int part = 0, at = 0; part <= parts; part++, at = at < length ? next[at] : length) {
            bound[part] = at;
        }
        return parts;
    }

    private int rankOf(byte[] piece, int from, int to) {
        int rank = vocabulary.rank(piece, from, to);
        return rank == BpeVocabulary.NOT_A_TOKEN ? NONE : rank;
    }

    private void push(int rank, int start) {
        long key = ((long) rank << 32) | start;
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    private long pop() {
        long top = heap[0];
        long last = heap[--heapSize];
        int i = 0;
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < heapSize && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return top;
    }
}

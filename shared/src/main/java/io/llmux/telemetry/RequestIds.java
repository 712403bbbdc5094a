package io.llmux.telemetry;

import java.util.regex.Pattern;

/** Request ids: the caller's own when it sent a sane one, else 96 random bits (from {@link RestoreSafeRandom}, so that instances restored from one snapshot do not repeat each other's ids). */
public final class RequestIds {

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    public static String accept(String fromClient) {
        return fromClient != null && SANE.matcher(fromClient).matches() ? fromClient : next();
    }

    public static String next() {
        return next(RestoreSafeRandom.global());
    }

    static String next(RestoreSafeRandom random) {
        char[] id = new char[4 + 24];
        "req_".getChars(0, 4, id, 0);
        long a = random.next();
        int b = (int) random.next();
        for (int i = 0; i < 16; i++) {
            id[4 + i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xF];
        }
        for (int i = 0; i < 8; i++) {
            id[20 + i] = HEX[(b >>> (28 - 4 * i)) & 0xF];
        }
        return new String(id);
    }
}

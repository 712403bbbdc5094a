package io.llmux.telemetry;

/** Lets tests in other packages see whether the id source was re-seeded. */
public final class IdSalt {

    private IdSalt() {
    }

    public static long current() {
        return RestoreSafeRandom.global().salt();
    }
}

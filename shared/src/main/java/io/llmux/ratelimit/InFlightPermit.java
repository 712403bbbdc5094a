package io.llmux.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A held in-flight slot. Released exactly once however the request ends (whole answer, stream
 * completed, cut or cancelled, provider failure): every end path calls {@link #release()}, and
 * only the first call counts.
 */
public final class InFlightPermit {

    public static final InFlightPermit NONE = new InFlightPermit(() -> { });

    private final Runnable releaser;
    private final AtomicBoolean released = new AtomicBoolean();

    public InFlightPermit(Runnable releaser) {
        this.releaser = releaser;
    }

    public void release() {
        if (released.compareAndSet(false, true)) {
            releaser.run();
        }
    }

    public boolean released() {
        return released.get();
    }
}

package io.llmux.snapstart;

/**
 * Work done once before a SnapStart snapshot so that restored instances find its classes loaded,
 * initialised and partly compiled. A priming must not reach any network service: there are none
 * to reach during the snapshot, and nothing it does may be billed or stored.
 */
public interface CheckpointPriming {

    /** A short name for logs. */
    String name();

    void prime() throws Exception;
}

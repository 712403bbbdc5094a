package io.llmux.tenancy;

/** Whether a key is usable (an active key may still have expired: see {@link ApiKey#usableAt}). */
public enum KeyStatus { ACTIVE, REVOKED }

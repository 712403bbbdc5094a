package io.llmux.tenancy;

/** A key just created: the stored record, and the key itself, which is shown this once only. */
public record IssuedKey(ApiKey key, String secret) {

    @Override
    public String toString() {
        return "IssuedKey[" + key.id() + ", " + key.prefix() + "...]";
    }
}

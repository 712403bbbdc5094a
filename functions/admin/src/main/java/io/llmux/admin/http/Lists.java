package io.llmux.admin.http;

import io.llmux.error.GatewayException;
import io.llmux.tenancy.Page;
import java.util.function.Supplier;

/** Listing with a client-supplied page token. */
final class Lists {

    private Lists() {
    }

    /** A store refuses a page token it cannot decode: that is the client's mistake, not a 500. */
    static <T> Page<T> page(Supplier<Page<T>> listing) {
        try {
            return listing.get();
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("page_token", "'page_token' is not a token this API returned.");
        }
    }
}

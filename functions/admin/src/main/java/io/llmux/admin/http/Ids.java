package io.llmux.admin.http;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import java.util.regex.Pattern;

/**
 * Ids in admin paths. An id that cannot exist is a 404 without a store lookup, and is not echoed
 * back (it could be anything a client pasted into a URL).
 */
final class Ids {

    private static final Pattern TENANT = Pattern.compile("ten_[A-Za-z0-9_-]{1,64}");
    private static final Pattern KEY = Pattern.compile("key_[A-Za-z0-9_-]{1,64}");

    private Ids() {
    }

    static String tenant(String id) {
        if (!TENANT.matcher(id).matches()) {
            throw new GatewayException(ErrorType.NOT_FOUND, "No tenant with this id (tenant ids look like ten_...).", null, "tenant_not_found", null);
        }
        return id;
    }

    static String key(String id) {
        if (!KEY.matcher(id).matches()) {
            throw new GatewayException(ErrorType.NOT_FOUND, "No API key with this id (key ids look like key_...).", null, "key_not_found", null);
        }
        return id;
    }
}

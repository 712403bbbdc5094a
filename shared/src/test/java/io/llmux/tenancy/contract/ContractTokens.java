package io.llmux.tenancy.contract;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Page tokens no store issued: what a confused or hostile client may send back. */
final class ContractTokens {

    static final List<String> GARBAGE = List.of(
            "",
            "not a token",
            "%%%%",
            "eyJ",
            base64("{}"),
            base64("[]"),
            base64("null"),
            base64("{\"after\":{\"nested\":true}}"),
            base64("{\"PK\":\"TENANT#x\"}"),
            base64("{\"PK\":\"KEYHASH#abc\",\"SK\":\"KEY\"}"),
            base64("{\"PK\":\"TENANT#x\",\"SK\":\"TENANT\",\"GSI1PK\":\"OTHER\",\"GSI1SK\":\"x\"}"),
            base64("\u0000\u00ff garbage"),
            "A".repeat(5000));

    private ContractTokens() {
    }

    static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

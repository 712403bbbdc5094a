package io.llmux.admin.http;

import io.llmux.error.GatewayException;
import io.llmux.telemetry.RequestIds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Every {@code /api} request must carry the admin token, unknown routes included (so that the set
 * of routes cannot be probed without it); only the OpenAPI document is public, being documentation.
 * Every answer carries an {@code x-request-id}, as on the inference routes.
 */
@ServerFilter("/api/**")
public final class AdminAuthenticationFilter {

    static final String REQUEST_ID = "x-request-id";

    private final AdminToken token;

    public AdminAuthenticationFilter(AdminToken token) {
        this.token = token;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (request.getMethod() == HttpMethod.GET && OpenApiDocumentController.PATH.equals(request.getPath())) {
            return null;
        }
        try {
            token.check(request.getHeaders().get("Authorization"));
            return null;
        } catch (GatewayException e) {
            // A response returned here skips this filter's response method: identify it now.
            MutableHttpResponse<byte[]> refused = AdminResponses.error(e).header("WWW-Authenticate", "Bearer realm=\"llmux-admin\"");
            identify(request, refused);
            return refused;
        }
    }

    @ResponseFilter
    public void identify(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!response.getHeaders().contains(REQUEST_ID)) {
            response.header(REQUEST_ID, RequestIds.accept(request.getHeaders().get(REQUEST_ID)));
        }
    }
}

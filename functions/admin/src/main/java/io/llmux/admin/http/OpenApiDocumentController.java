package io.llmux.admin.http;

import io.llmux.error.ErrorType;
import io.llmux.error.GatewayException;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@code GET /api/openapi.yaml}: the admin API's OpenAPI document, which micronaut-openapi writes
 * from these controllers at compile time. Public, unlike the rest of /api: it is documentation.
 */
@Controller
@Hidden
public class OpenApiDocumentController {

    static final String PATH = "/api/openapi.yaml";
    /** Where micronaut-openapi puts the document (its file name is set in this module's pom). */
    static final String RESOURCE = "classpath:META-INF/swagger/llmux-admin-api.yml";
    static final String MEDIA_TYPE = "application/yaml";

    private final byte[] document;

    public OpenApiDocumentController(ResourceResolver resources) {
        Optional<InputStream> stream = resources.getResourceAsStream(RESOURCE);
        try (InputStream in = stream.orElse(null)) {
            this.document = in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(uri = PATH, produces = MEDIA_TYPE)
    public MutableHttpResponse<byte[]> document() {
        if (document == null) {
            return AdminResponses.error(new GatewayException(ErrorType.NOT_FOUND,
                    "This build carries no OpenAPI document of the admin API.", null, "openapi_missing", null));
        }
        return HttpResponse.ok(document).contentType(MEDIA_TYPE);
    }
}

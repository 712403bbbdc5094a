package io.llmux.chat.http;

import io.llmux.provider.Provider;
import io.llmux.provider.ProviderRegistry;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: liveness for load balancers, the Lambda Web Adapter's readiness check and
 * people. It lists the enabled providers by name (never their settings).
 */
@Controller
public class HealthController {

    private final Map<String, Object> body;

    public HealthController(ProviderRegistry registry) {
        List<String> providers = registry.providers().stream().map(Provider::name).toList();
        this.body = Map.of("status", "ok", "providers", providers);
    }

    @Get(uri = "/health", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> health() {
        return body;
    }
}

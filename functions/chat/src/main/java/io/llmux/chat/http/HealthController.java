package io.llmux.chat.http;

import io.llmux.health.ComponentHealth;
import io.llmux.provider.Provider;
import io.llmux.provider.ProviderRegistry;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}: liveness for load balancers, the Lambda Web Adapter's readiness check and
 * people. {@code status} is {@code ok}, or {@code degraded} when a component (Redis) is down and
 * the gateway serves on its in-process fallbacks; it answers 200 either way, since the gateway
 * still serves. Providers are listed by name only.
 */
@Controller
public class HealthController {

    private final List<String> providers;
    private final List<ComponentHealth> components;

    public HealthController(ProviderRegistry registry, List<ComponentHealth> components) {
        this.providers = registry.providers().stream().map(Provider::name).toList();
        this.components = components;
    }

    @Get(uri = "/health", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, String> states = new LinkedHashMap<>();
        boolean degraded = false;
        for (ComponentHealth component : components) {
            String status = component.status();
            states.put(component.name(), status);
            degraded |= "degraded".equals(status);
        }
        body.put("status", degraded ? "degraded" : "ok");
        body.put("components", states);
        body.put("providers", providers);
        return body;
    }
}

package io.llmux.admin.testing;

import io.llmux.events.GatewayEvent;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every event the admin operations published, as an in-process listener receives them. */
@Singleton
public class RecordedEvents implements ApplicationEventListener<GatewayEvent> {

    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(GatewayEvent event) {
        events.add(event);
    }

    public boolean has(String type, String tenantId) {
        return events.stream().anyMatch(e -> e.type().equals(type) && e.tenantId().equals(tenantId));
    }

    public List<GatewayEvent> all() {
        return List.copyOf(events);
    }
}

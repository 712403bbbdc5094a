package io.llmux.quotareset;

import io.llmux.events.GatewayEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every event published in the test's context (InProcessEventPublisher delivers them as application events). */
@Singleton
public class RecordedResets {

    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(GatewayEvent event) {
        events.add(event);
    }

    List<GatewayEvent> events() {
        return List.copyOf(events);
    }
}

package io.llmux.events;

import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to in-process listeners (Micronaut application events) and writes each as a
 * structured log line, so they are visible before any webhook is configured.
 */
@Singleton
@Secondary
public final class InProcessEventPublisher implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger("llmux.events");

    private final ApplicationEventPublisher<GatewayEvent> listeners;

    public InProcessEventPublisher(ApplicationEventPublisher<GatewayEvent> listeners) {
        this.listeners = listeners;
    }

    @Override
    public void publish(GatewayEvent event) {
        LOG.atInfo().addKeyValue("type", event.type()).addKeyValue("tenant_id", event.tenantId())
                .addKeyValue("data", event.data()).log("event");
        listeners.publishEvent(event);
    }
}

package io.llmux.events;

/** Where events go: in-process listeners today, webhooks and EventBridge later. */
public interface EventPublisher {

    void publish(GatewayEvent event);
}

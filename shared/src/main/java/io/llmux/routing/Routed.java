package io.llmux.routing;

import io.llmux.provider.Deployment;

/** A provider's answer and how it was routed to it. */
public record Routed<T>(T value, RouteReport report) {

    public Deployment deployment() {
        return report.deployment();
    }
}

package io.llmux.routing;

import io.llmux.provider.Deployment;

/**
 * How a request was served, for the x-llmux-* response headers: the deployment, how many provider
 * calls it took, and the route (strategy and reason, and where it fell back from).
 *
 * @param deployment   the deployment that answered
 * @param attempts     provider calls made (retries and failovers included; 0 for a cache hit)
 * @param strategy     the strategy's name, or "direct" for a model that names one deployment
 * @param reason       why that deployment came first
 * @param fallbackFrom the deployment (or group) the request was first sent to, when another answered; else null
 * @param task         the detected task type, or null
 */
public record RouteReport(Deployment deployment, int attempts, String strategy, String reason, String fallbackFrom, TaskType task) {

    public static final String DEPLOYMENT_HEADER = "x-llmux-deployment";
    public static final String ATTEMPTS_HEADER = "x-llmux-attempts";
    public static final String ROUTE_HEADER = "x-llmux-route";

    /** A model name that names one deployment, served by it without routing. */
    public static RouteReport direct(Deployment deployment) {
        return new RouteReport(deployment, 1, "direct", "model names one deployment", null, null);
    }

    /** An answer from the response cache: no provider call. */
    public static RouteReport cached(Deployment deployment) {
        return new RouteReport(deployment, 0, "cache", "answered from the response cache", null, null);
    }

    public String deploymentId() {
        return deployment.provider().name() + "/" + deployment.upstreamModel();
    }

    /** The x-llmux-route value: {@code strategy=latency; reason=lowest ttft ewma 120ms; fallback-from=openai/gpt-4o}. */
    public String route() {
        StringBuilder value = new StringBuilder(96).append("strategy=").append(strategy).append("; reason=").append(reason);
        if (task != null) {
            value.append("; task=").append(task.wireName());
        }
        if (fallbackFrom != null) {
            value.append("; fallback-from=").append(fallbackFrom);
        }
        return value.toString();
    }
}

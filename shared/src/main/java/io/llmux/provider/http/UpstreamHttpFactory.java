package io.llmux.provider.http;

import io.llmux.provider.ProviderSettings;
import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.HttpClientRegistry;
import io.micronaut.http.client.LoadBalancer;
import io.micronaut.http.client.RawHttpClient;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * Makes each provider's {@link UpstreamHttp} from its settings, through the application's client
 * registry: the clients then run on the application's default event-loop group, which is the
 * Netty server's own when there is one, and the registry closes them when the application stops.
 * The registry is looked up on first use, so an application with only the mock provider never
 * starts an HTTP client.
 */
@Singleton
public final class UpstreamHttpFactory {

    private final BeanProvider<HttpClientRegistry<HttpClient>> clients;
    private final BeanContext context;

    public UpstreamHttpFactory(BeanProvider<HttpClientRegistry<HttpClient>> clients, BeanContext context) {
        this.clients = clients;
        this.context = context;
    }

    public UpstreamHttp create(ProviderSettings settings) {
        URI base = URI.create(settings.baseUrl());
        HttpClient client = clients.get().resolveClient(null, LoadBalancer.fixed(base),
                UpstreamHttp.configuration(settings.connectTimeout()), context);
        if (!(client instanceof RawHttpClient raw)) {
            throw new IllegalStateException("The Micronaut HTTP client in use (" + client.getClass().getName()
                    + ") cannot send raw requests");
        }
        return new UpstreamHttp(raw, false, settings.firstByteTimeout(), settings.idleTimeout(), settings.totalTimeout());
    }
}

package io.llmux.snapstart;

import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanRegistration;
import io.micronaut.http.client.HttpClientRegistry;
import io.micronaut.runtime.context.scope.refresh.RefreshEvent;
import io.micronaut.runtime.context.scope.refresh.RefreshEventListener;
import jakarta.inject.Singleton;

/**
 * Winds down the pooled provider connections of Micronaut's HTTP clients (the clients behind
 * UpstreamHttp), so that the next call opens a fresh one: a connection kept in a snapshot would
 * be shared by every restored copy, and its TLS session with it.
 *
 * <p>The client registry re-initialises its clients and winds down their pools when it receives a
 * refresh event; it is handed one directly rather than published, so that nothing else in the
 * application refreshes. A registry that was never created (no provider has called out yet) has
 * nothing to drop and is not created here.
 */
@Singleton
public final class UpstreamConnections {

    private final BeanContext beans;

    public UpstreamConnections(BeanContext beans) {
        this.beans = beans;
    }

    /** How many client registries were told to drop their connections. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public int dropPooled() {
        int dropped = 0;
        for (BeanRegistration<HttpClientRegistry> registration : beans.getActiveBeanRegistrations(HttpClientRegistry.class)) {
            if (registration.bean() instanceof RefreshEventListener listener) {
                listener.onApplicationEvent(new RefreshEvent());
                dropped++;
            }
        }
        return dropped;
    }
}

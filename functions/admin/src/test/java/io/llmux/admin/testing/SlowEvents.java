package io.llmux.admin.testing;

import io.llmux.events.GatewayEvent;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Makes chosen events slow to publish, so that a creation that publishes one takes long enough for
 * concurrent requests to overlap it for certain (events are delivered on the creating thread).
 */
@Singleton
public class SlowEvents implements ApplicationEventListener<GatewayEvent> {

    private volatile Predicate<GatewayEvent> which = event -> false;
    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch slowed = new CountDownLatch(1);

    public void slowDown(Predicate<GatewayEvent> which, Duration delay) {
        this.slowed = new CountDownLatch(1);
        this.which = which;
        this.delay = delay;
    }

    /** Waits until a chosen event is being held up (so its creation is surely under way). */
    public void awaitSlowed() throws InterruptedException {
        if (!slowed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("No chosen event was published within 10 s");
        }
    }

    @Override
    public void onApplicationEvent(GatewayEvent event) {
        if (which.test(event)) {
            slowed.countDown();
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

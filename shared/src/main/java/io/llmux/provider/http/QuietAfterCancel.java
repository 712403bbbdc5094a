package io.llmux.provider.http;

import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Relays a publisher that may still signal after it was cancelled, as Micronaut's client does
 * with a response or a failure already on its way when the call is given up. Reactor would log
 * such a late failure as a dropped error, and leak such a late response; here a late value is
 * released and a late failure ignored: nobody is waiting for either.
 */
final class QuietAfterCancel<T> implements Publisher<T> {

    private final Publisher<T> source;
    private final boolean forwardCancel;
    private final Runnable onCancel;
    private final Consumer<? super T> release;

    /**
     * @param forwardCancel whether cancelling also cancels {@code source} (a future's publisher
     *                      must rather run to its end, so that its value can be released)
     * @param onCancel      runs once the subscriber cancels
     * @param release       frees a value that arrives after cancellation
     */
    QuietAfterCancel(Publisher<T> source, boolean forwardCancel, Runnable onCancel, Consumer<? super T> release) {
        this.source = source;
        this.forwardCancel = forwardCancel;
        this.onCancel = onCancel;
        this.release = release;
    }

    @Override
    public void subscribe(Subscriber<? super T> downstream) {
        source.subscribe(new Subscriber<T>() {
            private volatile boolean cancelled;

            @Override
            public void onSubscribe(Subscription upstream) {
                downstream.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                        upstream.request(n);
                    }

                    @Override
                    public void cancel() {
                        if (cancelled) {
                            return;
                        }
                        cancelled = true;
                        if (forwardCancel) {
                            upstream.cancel();
                        }
                        onCancel.run();
                    }
                });
            }

            @Override
            public void onNext(T value) {
                if (cancelled) {
                    release.accept(value);
                } else {
                    downstream.onNext(value);
                }
            }

            @Override
            public void onError(Throwable failure) {
                if (!cancelled) {
                    downstream.onError(failure);
                }
            }

            @Override
            public void onComplete() {
                if (!cancelled) {
                    downstream.onComplete();
                }
            }
        });
    }
}

package io.llmux.provider.http;

import io.llmux.provider.ProviderSettings;
import io.micronaut.buffer.netty.NettyByteBufferFactory;
import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.body.stream.AvailableByteArrayBody;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClientConfiguration;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.HttpClientConfiguration.ConnectionPoolConfiguration.ConnectionLocality;
import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * POSTs bytes to one provider and hands back status, headers and body, whole or streamed: the
 * HTTP mechanics every provider adapter shares. Built on Micronaut's Netty client, non-blocking.
 *
 * <p>In an application with a Netty server the client shares the server's event loops (see
 * {@link UpstreamHttpFactory}), and a call made on an event loop stays on it: its pooled
 * connection, its callbacks and its timeout timers all run on the loop that serves the client's
 * request (connection locality {@code ENFORCED_IF_SAME_GROUP}). BUILD-NOTES measured this at about
 * 1.5x the throughput of the JDK client, whose selector thread and completion hand-offs cost CPU
 * on every call. Without a server (the buffered Lambda handler, or a provider built by hand) the
 * client runs on an event-loop group of its own.
 *
 * <p>What the client does not do for us, this class does: timeouts per phase (first byte, idle
 * silence inside a stream, whole call), and closing the provider connection when a call is
 * cancelled or times out. Micronaut's client would leave a pending call's connection open until
 * the provider answers, and drain an abandoned stream to its end: the provider would go on
 * generating (and billing). Redirects are never followed: a provider's base URL is configuration,
 * and a redirect would carry its credential elsewhere.
 */
public final class UpstreamHttp implements AutoCloseable {

    /**
     * The request attribute under which Micronaut's client records the channel (the connection,
     * or the HTTP/2 stream) a request was sent on; closing it aborts the exchange. Not public API:
     * ClientDisconnectTest and UpstreamFaultsTest fail if a Micronaut upgrade renames it.
     */
    private static final String CHANNEL_ATTRIBUTE = "netty_channel";
    /** Above any chat answer or batch of embeddings; the client's default (10 MiB) is not. */
    private static final int MAX_BODY_BYTES = Integer.MAX_VALUE;

    private final RawHttpClient client;
    private final boolean ownsClient;
    private final Duration firstByteTimeout;
    private final Duration idleTimeout;
    private final Duration totalTimeout;
    private final Map<EventExecutor, Scheduler> loopTimers = new ConcurrentHashMap<>();

    UpstreamHttp(RawHttpClient client, boolean ownsClient, Duration firstByteTimeout, Duration idleTimeout,
                 Duration totalTimeout) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.firstByteTimeout = firstByteTimeout;
        this.idleTimeout = idleTimeout;
        this.totalTimeout = totalTimeout;
    }

    /** A client with an event-loop group of its own, closed with it: for use outside an application context. */
    public static UpstreamHttp standalone(ProviderSettings settings) {
        RawHttpClient client = RawHttpClient.create(URI.create(settings.baseUrl()), configuration(settings.connectTimeout()));
        return new UpstreamHttp(client, true, settings.firstByteTimeout(), settings.idleTimeout(), settings.totalTimeout());
    }

    /** The client configuration of one provider: everything not set here is Micronaut's default. */
    static HttpClientConfiguration configuration(Duration connectTimeout) {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setConnectTimeout(connectTimeout);
        // The phases are timed per call below; the client's own read timeout would close a
        // connection shared by HTTP/2 streams, and its default (10 s) is shorter than a first byte may take.
        configuration.setReadTimeout(null);
        configuration.setFollowRedirects(false);
        configuration.setExceptionOnErrorStatus(false);
        configuration.setMaxContentLength(MAX_BODY_BYTES);
        // TLS offers h2 then http/1.1 by ALPN (the default); plain http stays HTTP/1.1.
        configuration.getConnectionPoolConfiguration().setConnectionLocality(ConnectionLocality.ENFORCED_IF_SAME_GROUP);
        return configuration;
    }

    /** A whole call: the body read completely, all within the total timeout. */
    public CompletableFuture<UpstreamResponse.Whole> post(URI uri, Map<String, String> headers, byte[] body) {
        MutableHttpRequest<?> request = request(uri, headers);
        Scheduler timer = timer();
        Mono<UpstreamResponse.Whole> call = exchange(request, body)
                .flatMap(response -> readWhole(response, request))
                .timeout(totalTimeout, timer)
                .onErrorMap(failure -> failure(failure, UpstreamFailure.Kind.TOTAL_TIMEOUT, totalTimeout));
        return toFuture(call, request);
    }

    /**
     * A streamed call: completes when the response headers arrive (within the first-byte timeout).
     * A 2xx body is then relayed as it arrives, with the idle timeout between chunks; any other
     * status is read whole, since it is a short error document and must not hold the connection.
     */
    public CompletableFuture<UpstreamResponse> stream(URI uri, Map<String, String> headers, byte[] body) {
        MutableHttpRequest<?> request = request(uri, headers);
        Scheduler timer = timer();
        Mono<UpstreamResponse> call = exchange(request, body)
                .timeout(firstByteTimeout, timer)
                .onErrorMap(failure -> failure(failure, UpstreamFailure.Kind.FIRST_BYTE_TIMEOUT, firstByteTimeout))
                .flatMap(response -> response.code() / 100 == 2
                        ? Mono.just(streaming(response, request, timer))
                        : readWhole(response, request)
                                .timeout(idleTimeout, timer)
                                .onErrorMap(failure -> failure(failure, UpstreamFailure.Kind.IDLE_TIMEOUT, idleTimeout)));
        return toFuture(call, request);
    }

    @SuppressWarnings("unchecked")
    private Mono<HttpResponse<?>> exchange(MutableHttpRequest<?> request, byte[] body) {
        Publisher<HttpResponse<?>> exchange = (Publisher<HttpResponse<?>>) client.exchange(request,
                AvailableByteArrayBody.create(NettyByteBufferFactory.DEFAULT, body), null);
        // fromDirect: Mono.from would cancel the source after its value, and cancelling aborts.
        return Mono.fromDirect(new QuietAfterCancel<>(exchange, true, () -> abort(request), UpstreamHttp::release));
    }

    private static void release(HttpResponse<?> response) {
        if (response instanceof ByteBodyHttpResponse<?> raw) {
            raw.close();
        }
    }

    private static MutableHttpRequest<?> request(URI uri, Map<String, String> headers) {
        MutableHttpRequest<?> request = HttpRequest.POST(uri, null).contentType(MediaType.APPLICATION_JSON_TYPE);
        headers.forEach(request::header);
        return request;
    }

    private static Mono<UpstreamResponse.Whole> readWhole(HttpResponse<?> response, MutableHttpRequest<?> request) {
        ByteBodyHttpResponse<?> raw = (ByteBodyHttpResponse<?>) response;
        Mono<CloseableAvailableByteBody> buffered = Mono.fromFuture(raw.byteBody().buffer(), true);
        return Mono.fromDirect(new QuietAfterCancel<>(buffered, false, () -> abort(request), CloseableAvailableByteBody::close))
                .map(body -> new UpstreamResponse.Whole(response.code(), response.getHeaders(), bytes(body)));
    }

    private static byte[] bytes(CloseableAvailableByteBody body) {
        try (body) {
            return body.toByteArray();
        }
    }

    private UpstreamResponse.Streaming streaming(HttpResponse<?> response, MutableHttpRequest<?> request, Scheduler timer) {
        ByteBodyHttpResponse<?> raw = (ByteBodyHttpResponse<?>) response;
        // Cancelled by its reader (the client went away): close rather than drain, which would
        // let the provider generate the rest of the answer.
        Flux<byte[]> body = Flux.from(new QuietAfterCancel<>(raw.byteBody().toByteArrayPublisher(), true,
                        () -> abort(request), bytes -> { }))
                .timeout(idleTimeout, timer)
                .onErrorMap(failure -> failure(failure, UpstreamFailure.Kind.IDLE_TIMEOUT, idleTimeout));
        return new UpstreamResponse.Streaming(response.code(), response.getHeaders(), body);
    }

    /** Closes the channel the request went out on (an HTTP/2 stream is reset, not its connection). */
    private static void abort(MutableHttpRequest<?> request) {
        if (request.getAttributes().getValue(CHANNEL_ATTRIBUTE) instanceof Channel channel) {
            channel.close();
        }
    }

    /**
     * Timers run on the event loop the call is made from, so arming and cancelling them costs no
     * thread hand-off; a call made elsewhere (a virtual thread after an auth-cache miss, a test)
     * uses Reactor's shared timer threads.
     */
    private Scheduler timer() {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        return loop == null ? Schedulers.parallel() : loopTimers.computeIfAbsent(loop, Schedulers::fromExecutorService);
    }

    private static Throwable failure(Throwable failure, UpstreamFailure.Kind timeoutKind, Duration timeout) {
        if (failure instanceof UpstreamFailure) {
            return failure;
        }
        if (failure instanceof TimeoutException) {
            return new UpstreamFailure(timeoutKind, timeout, null);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof SSLException) {
                return new UpstreamFailure(UpstreamFailure.Kind.CONNECT, null, failure);
            }
        }
        return new UpstreamFailure(UpstreamFailure.Kind.BROKEN, null, failure);
    }

    /**
     * Subscribes now and returns the outcome as a future. Cancelling the future cancels the call,
     * which closes its connection (see {@link #abort}); a plain {@code Mono.toFuture()} would only
     * stop listening.
     */
    private static <T> CompletableFuture<T> toFuture(Mono<T> call, MutableHttpRequest<?> request) {
        CompletableFuture<T> result = new CompletableFuture<>();
        BaseSubscriber<T> subscriber = new BaseSubscriber<>() {
            @Override
            protected void hookOnNext(T value) {
                result.complete(value);
            }

            @Override
            protected void hookOnError(Throwable failure) {
                result.completeExceptionally(failure);
            }

            @Override
            protected void hookOnComplete() {
                result.completeExceptionally(new UpstreamFailure(UpstreamFailure.Kind.BROKEN, null, null));
            }
        };
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                subscriber.dispose();
                abort(request);
            }
        });
        call.subscribe(subscriber);
        return result;
    }

    @Override
    public void close() {
        if (ownsClient) {
            try {
                client.close();
            } catch (java.io.IOException ignored) {
                // closing is all we wanted
            }
        }
    }
}

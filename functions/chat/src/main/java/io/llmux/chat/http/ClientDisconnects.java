package io.llmux.chat.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * Cancels a pending call when its client disconnects. Micronaut cancels a streamed body when the
 * connection closes, but not a pending single response: without this, a client that gave up on a
 * whole answer left the provider generating (and billing) it to the end. Behind API Gateway's
 * buffered proxy there is no connection to watch, and nothing to do.
 */
final class ClientDisconnects {

    private ClientDisconnects() {
    }

    static <T> Mono<T> cancelOnDisconnect(HttpRequest<?> request, CompletableFuture<T> call) {
        // A call cancelled because its client left has no one to answer: end quietly, rather than
        // hand the framework a CancellationException it would log as an unexpected error.
        Mono<T> result = Mono.fromFuture(call, false).onErrorResume(CancellationException.class, gone -> Mono.empty());
        if (!(request instanceof NettyHttpRequest<?> netty)) {
            return result;
        }
        Channel channel = netty.getChannelHandlerContext().channel();
        ChannelFutureListener onClose = closed -> call.cancel(true);
        channel.closeFuture().addListener(onClose);
        // Keep-alive connections serve many requests: the listener must not outlive this one.
        call.whenComplete((value, failure) -> channel.closeFuture().removeListener(onClose));
        return result;
    }
}

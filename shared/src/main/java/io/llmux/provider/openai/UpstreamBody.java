package io.llmux.provider.openai;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * The body of a streamed call, chosen by status: a 200 is left as a live byte stream, anything
 * else is read whole (it is a small error document). This way an error never holds a connection
 * open waiting for a subscriber, and a success is never buffered.
 */
sealed interface UpstreamBody {

    record Live(Flow.Publisher<List<ByteBuffer>> bytes) implements UpstreamBody {
    }

    record Whole(byte[] bytes) implements UpstreamBody {
    }

    static HttpResponse.BodyHandler<UpstreamBody> handler() {
        return info -> info.statusCode() == 200
                ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofPublisher(), Live::new)
                : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), Whole::new);
    }
}

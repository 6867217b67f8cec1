package io.github.threadlab.fetcher;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body that is counted, not kept: its value is the number of bytes that came, known once the last
 * one has. A benchmark that kept every body would measure its own garbage collector.
 */
final class CountingBody implements HttpResponse.BodySubscriber<Long> {

    /** Counts the body of any response. */
    static final HttpResponse.BodyHandler<Long> HANDLER = responseInfo -> new CountingBody();

    private final CompletableFuture<Long> total = new CompletableFuture<>();
    private long bytes; // only the client's delivery, one signal at a time, touches it (Flow's rule 1.3)

    @Override
    public CompletionStage<Long> getBody() {
        return total;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            bytes += buffer.remaining();
        }
    }

    @Override
    public void onError(Throwable error) {
        total.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        total.complete(bytes);
    }
}

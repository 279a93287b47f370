package jp.jcstar.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The URL-connection HTTP client, built on a thread of its own: building it loads the JDK's TLS context
 * and trust store (≈ 100 ms of CPU at Lambda's C1-only start, docs/benchmarks.md), which then happens
 * while the SDK builds the service client around this wrapper. The first request waits for it; a failure
 * to build it is rethrown there (and by {@link #close}). Thread-safe.
 */
final class DeferredHttpClient implements SdkHttpClient {
    private final CompletableFuture<SdkHttpClient> client;

    private DeferredHttpClient(CompletableFuture<SdkHttpClient> client) {
        this.client = client;
    }

    /** Starts building the URL-connection client now, on a daemon thread named {@code name}. */
    static DeferredHttpClient urlConnection(String name) {
        CompletableFuture<SdkHttpClient> f = new CompletableFuture<>();
        Thread.ofPlatform().name(name).daemon(true).start(() -> {
            try {
                f.complete(UrlConnectionHttpClient.builder().build());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        });
        return new DeferredHttpClient(f);
    }

    /** The built client, once it is there. */
    SdkHttpClient get() {
        try {
            return client.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return get().prepareRequest(request);
    }

    /** The URL-connection client's name (the SDK puts it in its user agent), without waiting for it. */
    @Override
    public String clientName() {
        return "UrlConnection";
    }

    @Override
    public void close() {
        get().close();
    }

    @Override
    public String toString() {
        return "DeferredHttpClient[" + (client.isDone() ? "ready" : "building") + "]";
    }
}

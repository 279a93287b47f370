package jp.jcstar.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link WebhookTransport} on Apache HttpClient 5, chosen because it lets the registry resolve the host
 * itself ({@link DnsResolver}): the addresses {@link EndpointGuard#resolve} checked are the ones the
 * connection is made to, while TLS still verifies the certificate against the host name (SNI, hostname
 * check). The JDK's HttpClient has no such hook. No redirects followed (a 3xx is a failed attempt), no
 * proxy from the environment, no cookies, no automatic retries (the queue retries), short timeouts,
 * at most {@link #MAX_ANSWER} bytes of an answer read. Thread-safe.
 */
public final class HttpWebhookTransport implements WebhookTransport, AutoCloseable {
    /** Bytes of a receiver's answer read at most (the challenge echo is short). */
    public static final int MAX_ANSWER = 4096;

    private final EndpointGuard guard;
    private final CloseableHttpClient client;

    public HttpWebhookTransport(EndpointGuard guard, Duration connectTimeout, Duration responseTimeout) {
        this.guard = guard;
        DnsResolver pinned = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                try {
                    return guard.resolve(host);
                } catch (EndpointRefusedException e) {
                    throw new UnknownHostException(e.getMessage());
                }
            }

            @Override
            public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
                return Arrays.stream(resolve(host))
                        .map(a -> new InetSocketAddress(a, port))
                        .toList();
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host; // never a reverse lookup: the name checked is the name used
            }
        };
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(pinned)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(responseTimeout))
                                .build())
                        .setMaxConnTotal(20)
                        .setMaxConnPerRoute(2)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(responseTimeout))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("jcstar-registry-webhooks/1")
                .build();
    }

    /** 5 s to connect, 10 s for the answer. */
    public static HttpWebhookTransport standard(EndpointGuard guard) {
        return new HttpWebhookTransport(guard, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Override
    public Answer post(URI endpoint, Map<String, String> headers, byte[] body) throws IOException {
        URI u = guard.checkForm(endpoint.toString());
        guard.resolve(u.getHost()); // a literal address may never reach the resolver: checked here as well
        HttpPost post = new HttpPost(u);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        // executeOpen + close, not a response handler: a handler would consume the rest of a huge body;
        // closing the response unread drops the connection instead
        try (var response = client.executeOpen(null, post, null)) {
            byte[] got = new byte[0];
            if (response.getEntity() != null) {
                InputStream in = response.getEntity().getContent();
                got = in.readNBytes(MAX_ANSWER);
            }
            return new Answer(response.getCode(), new String(got, StandardCharsets.UTF_8));
        } catch (UnknownHostException e) {
            throw new EndpointRefusedException(e.getMessage() == null ? "endpoint host refused" : e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}

package jp.jcstar.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

class DeferredHttpClientTest {
    /** The name it gives the SDK without waiting (the user agent's) is the wrapped client's own. */
    @Test
    void wrapsAUrlConnectionClientAndNamesItAsItNamesItself() {
        DeferredHttpClient deferred = DeferredHttpClient.urlConnection("test-http");
        try {
            var real = assertInstanceOf(UrlConnectionHttpClient.class, deferred.get());
            assertEquals(real.clientName(), deferred.clientName());
        } finally {
            deferred.close();
        }
    }
}

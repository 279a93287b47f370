package jp.jcstar.webhook;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Sends one signed webhook request. Implementations are thread-safe. */
public interface WebhookTransport {
    /** The receiver's answer: its status and the first bytes of its body (capped). */
    record Answer(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * POSTs {@code body} to {@code endpoint} with these headers.
     *
     * @throws EndpointRefusedException if the endpoint is not one deliveries may go to
     * @throws IOException if there is no answer (no connection, timeout, TLS failure)
     */
    Answer post(URI endpoint, Map<String, String> headers, byte[] body) throws IOException;
}

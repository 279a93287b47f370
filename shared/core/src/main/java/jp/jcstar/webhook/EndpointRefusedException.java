package jp.jcstar.webhook;

/** A webhook endpoint the registry will not send to (not HTTPS, or its host is or resolves to a non-public address). */
public final class EndpointRefusedException extends IllegalArgumentException {
    public EndpointRefusedException(String message) {
        super(message);
    }
}

package jp.jcstar.offline;

/** The offline folder cannot be used: it was never synced, or its {@code jwks.json} / {@code sync.json} is damaged. */
public final class OfflineDataException extends Exception {
    public OfflineDataException(String message) {
        super(message);
    }

    public OfflineDataException(String message, Throwable cause) {
        super(message, cause);
    }
}

package jp.jcstar.log;

/** A checkpoint, proof or tile that does not verify: a forged, forked or rolled-back log, or damaged files. */
public final class LogVerificationException extends RuntimeException {
    public LogVerificationException(String message) {
        super(message);
    }
}

package jp.jcstar.registry;

/** A status change the rules forbid (revocation is final; only a suspended label can be reinstated). */
public class TransitionRefusedException extends RuntimeException {
    public TransitionRefusedException(String message) {
        super(message);
    }
}

package jp.jcstar.registry;

import jp.jcstar.label.RejectedInputException;

/** A status change the rules forbid (revocation is final; only a suspended label can be reinstated). */
public class TransitionRefusedException extends RejectedInputException.Conflict {
    public TransitionRefusedException(String message) {
        super("transition-refused", message);
    }
}

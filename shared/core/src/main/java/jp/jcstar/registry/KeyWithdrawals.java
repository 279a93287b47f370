package jp.jcstar.registry;

import jp.jcstar.log.KeyStatusCheck;

/**
 * Which signing keys are withdrawn as compromised, and whether the log proves a label of such a key was
 * logged before the withdrawal ({@link KeyStatusCheck}); {@link Registry#verify} asks it for every label
 * whose signature verified.
 */
public interface KeyWithdrawals {
    /** Nothing withdrawn: every verified label passes (a registry without a key-status document). */
    KeyWithdrawals NONE = (kid, labelId, jws) -> KeyStatusCheck.Decision.PLAIN;

    KeyStatusCheck.Decision decide(String kid, String labelId, String jws);
}

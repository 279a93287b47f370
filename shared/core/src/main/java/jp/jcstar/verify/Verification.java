package jp.jcstar.verify;

import jp.jcstar.label.LabelClaims;

/** The outcome of checking a label's signature and form (not yet its status). */
public sealed interface Verification {

    /** Genuine: signed by the operator key {@code kid}, well-formed claims. */
    record Verified(LabelClaims claims, String kid, String jws) implements Verification {}

    /** Not genuine or not readable, with the exact reason. */
    record Rejected(RejectReason reason, String detail) implements Verification {}
}

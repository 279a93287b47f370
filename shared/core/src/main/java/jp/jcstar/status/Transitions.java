package jp.jcstar.status;

import java.util.Optional;

/**
 * The operator's status changes and when they are refused. Revocation is final; suspension only
 * applies to a valid (or already suspended, to change its reason) label; only a suspended label can
 * be reinstated. A reason is required except to reinstate; {@code support-ended} never suspends and
 * {@code under-investigation} never revokes ({@link StatusRules#isRevocationReason}).
 */
public final class Transitions {
    private Transitions() {}

    /** Why moving a label stored as {@code from} to {@code to} is refused, or empty when it is allowed. */
    public static Optional<String> refusal(String id, LabelState from, LabelState to) {
        return Optional.ofNullable(
                switch (to) {
                    case REVOKED ->
                        from == LabelState.REVOKED ? "label " + id + " is already revoked; revocation is final" : null;
                    case SUSPENDED -> {
                        if (from == LabelState.REVOKED) yield "label " + id + " is revoked; revocation is final";
                        if (from != LabelState.VALID && from != LabelState.SUSPENDED)
                            yield "label " + id + " is " + from.code() + "; only a valid label can be suspended";
                        yield null;
                    }
                    case VALID ->
                        from != LabelState.SUSPENDED
                                ? "label " + id + " is " + from.code() + "; only a suspended label can be reinstated"
                                : null;
                    default -> throw new IllegalArgumentException("the operator does not move a label to " + to.code());
                });
    }

    /**
     * Why {@code reason} cannot go with a change to {@code to}, or empty when it can. A reinstatement
     * takes no reason (any given is not recorded).
     */
    public static Optional<String> reasonRefusal(LabelState to, RevocationReason reason) {
        if (to == LabelState.VALID) return Optional.empty();
        if (reason == null) return Optional.of("a reason code is required");
        if (to == LabelState.SUSPENDED && reason == RevocationReason.SUPPORT_ENDED)
            return Optional.of("support-ended is a revocation reason, not a suspension reason");
        if (to == LabelState.REVOKED && !StatusRules.isRevocationReason(reason))
            return Optional.of(reason.code()
                    + " is a suspension reason, not a revocation reason: suspend the label while it is investigated");
        return Optional.empty();
    }
}

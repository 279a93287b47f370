package jp.jcstar.store;

import java.time.Instant;
import java.util.Objects;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;

/**
 * A label as the registry keeps it: the signed label, its claims, its current stored status and
 * the application it came from. {@code version} increases with every status change (optimistic
 * locking). {@code declarationJson} is the vendor's declaration kept beside (not inside) the label.
 */
public record LabelRecord(
        String applicationId,
        LabelClaims claims,
        String jws,
        LabelState state,
        RevocationReason reason,
        Instant stateEffectiveAt,
        Instant updatedAt,
        long version,
        String declarationJson) {

    public LabelRecord {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(jws, "jws");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (state == LabelState.UNKNOWN || state == LabelState.INVALID) {
            throw new IllegalArgumentException("a stored label cannot be " + state.code());
        }
    }

    public String id() {
        return claims.id();
    }

    /** A new label, valid from its issue time. */
    public static LabelRecord issued(String applicationId, LabelClaims claims, String jws, String declarationJson) {
        return new LabelRecord(
                applicationId,
                claims,
                jws,
                LabelState.VALID,
                null,
                claims.issuedAt(),
                claims.issuedAt(),
                1,
                declarationJson);
    }

    public LabelRecord withStatus(LabelState newState, RevocationReason newReason, Instant effectiveAt, Instant now) {
        return new LabelRecord(
                applicationId, claims, jws, newState, newReason, effectiveAt, now, version + 1, declarationJson);
    }
}

package jp.jcstar.registry;

import java.time.Instant;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.status.LabelState;

/**
 * The answer to "is this label genuine and still valid?". {@code valid} is true only for a genuine label
 * of this registry whose effective status is {@code valid}. {@code reason} is the reject-reason code for
 * {@code invalid}, the revocation reason for revoked/suspended, and null otherwise. {@code claims} is null
 * for an invalid label (a forged label's claims are never shown).
 */
public record VerifyAnswer(
        boolean valid, LabelState status, String reason, String detail, Instant effectiveAt, LabelClaims claims) {}

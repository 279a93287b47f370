package jp.jcstar.log;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The one rule every verifier applies to a label whose signature verified (docs/transparency-log.md,
 * "Key compromise"): a label of a key the key-status document lists is accepted only when the log proves
 * its issuance entry (its label id and the SHA-256 of its JWS) at an index below that key's
 * {@code logSizeAtT}; otherwise it is refused with {@link #KEY_COMPROMISED}. A key-status document that
 * does not verify refuses every label with {@link #KEY_STATUS_UNVERIFIED}: the verifier cannot tell which
 * keys are withdrawn, so it trusts none (fail closed), and never falls back to trusting the key.
 */
public final class KeyStatusCheck {
    /** The label's key is withdrawn and the log does not prove the label was logged before the withdrawal. */
    public static final String KEY_COMPROMISED = "key-compromised";
    /** The published key-status document is there but does not verify: no label is accepted. */
    public static final String KEY_STATUS_UNVERIFIED = "key-status-unverified";

    private KeyStatusCheck() {}

    /** Where a verifier finds the proof that a label was logged. */
    public interface Evidence {
        /**
         * The index of {@code labelId}'s issuance entry naming {@code jws}, proven in the log (inclusion
         * proof against a signed checkpoint, or the whole log hashed to a signed root); empty when the log
         * holds no such entry. Throws {@link LogVerificationException} when the log cannot prove it.
         */
        OptionalLong provenIssuance(String labelId, String jws);
    }

    /**
     * The verdict on a label. {@code accepted} with a {@code note} (or null when its key is not listed);
     * refused with {@code reason} and {@code detail}. {@code index} is the proven entry, if any.
     */
    public record Decision(boolean accepted, String reason, String detail, String note, Long index) {
        public static final Decision PLAIN = new Decision(true, null, null, null, null);
    }

    /** The key status could not be read or verified: nothing is accepted. */
    public static Decision unverified(String why) {
        return new Decision(
                false,
                KEY_STATUS_UNVERIFIED,
                "the registry's key-status document does not verify (" + why + "): no label is accepted until it does",
                null,
                null);
    }

    /** Decides for a label of key {@code kid}; {@code status} null when the registry publishes none. */
    public static Decision decide(KeyStatus status, String kid, String labelId, String jws, Evidence log) {
        Objects.requireNonNull(kid, "kid");
        if (status == null) return Decision.PLAIN;
        var mark = status.find(kid);
        if (mark.isEmpty()) return Decision.PLAIN;
        KeyStatus.Compromise c = mark.get();
        String withdrawn = "signed with key " + kid + ", withdrawn on " + c.compromisedAt();
        OptionalLong index;
        try {
            index = log.provenIssuance(labelId, jws);
        } catch (LogVerificationException e) {
            return new Decision(
                    false,
                    KEY_COMPROMISED,
                    withdrawn + "; the log does not prove it was logged before (" + e.getMessage() + ")",
                    null,
                    null);
        }
        if (index.isEmpty()) return new Decision(false, KEY_COMPROMISED, withdrawn + "; not in the log", null, null);
        long i = index.getAsLong();
        if (i >= c.logSizeAtT())
            return new Decision(
                    false,
                    KEY_COMPROMISED,
                    withdrawn + "; logged as entry " + i + ", after the " + c.logSizeAtT()
                            + " entries logged before the withdrawal",
                    null,
                    i);
        return new Decision(true, null, null, withdrawn + "; logged before it as entry " + i, i);
    }
}

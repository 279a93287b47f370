package jp.jcstar.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's transitions, every stored state against every target. */
class TransitionsTest {
    @Test
    void revocationIsFinalAndEveryOtherStateMayBeRevoked() {
        for (LabelState from : stored()) {
            Optional<String> r = Transitions.refusal("JC26-X", from, LabelState.REVOKED);
            assertEquals(from == LabelState.REVOKED, r.isPresent(), from.code());
        }
        assertEquals(
                Optional.of("label JC26-X is already revoked; revocation is final"),
                Transitions.refusal("JC26-X", LabelState.REVOKED, LabelState.REVOKED));
    }

    @Test
    void onlyAValidOrSuspendedLabelIsSuspended() {
        for (LabelState from : stored()) {
            boolean allowed = from == LabelState.VALID || from == LabelState.SUSPENDED;
            assertEquals(
                    !allowed,
                    Transitions.refusal("JC26-X", from, LabelState.SUSPENDED).isPresent(),
                    from.code());
        }
        assertEquals(
                Optional.of("label JC26-X is expired; only a valid label can be suspended"),
                Transitions.refusal("JC26-X", LabelState.EXPIRED, LabelState.SUSPENDED));
    }

    @Test
    void onlyASuspendedLabelIsReinstated() {
        for (LabelState from : stored()) {
            assertEquals(
                    from != LabelState.SUSPENDED,
                    Transitions.refusal("JC26-X", from, LabelState.VALID).isPresent(),
                    from.code());
        }
    }

    @Test
    void dateDrivenStatesAreNotTheOperatorsToSet() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Transitions.refusal("JC26-X", LabelState.VALID, LabelState.EXPIRED));
    }

    @Test
    void reasons() {
        assertTrue(Transitions.reasonRefusal(LabelState.VALID, null).isEmpty());
        assertEquals(Optional.of("a reason code is required"), Transitions.reasonRefusal(LabelState.REVOKED, null));
        assertTrue(Transitions.reasonRefusal(LabelState.SUSPENDED, RevocationReason.SUPPORT_ENDED)
                .isPresent());
        assertTrue(Transitions.reasonRefusal(LabelState.REVOKED, RevocationReason.UNDER_INVESTIGATION)
                .isPresent());
        assertTrue(Transitions.reasonRefusal(LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION)
                .isEmpty());
        assertTrue(Transitions.reasonRefusal(LabelState.REVOKED, RevocationReason.SUPPORT_ENDED)
                .isEmpty());
    }

    private static LabelState[] stored() {
        return new LabelState[] {
            LabelState.VALID, LabelState.SUSPENDED, LabelState.REVOKED, LabelState.SUPPORT_ENDED, LabelState.EXPIRED
        };
    }
}

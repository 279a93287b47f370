package jp.jcstar.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusListBuilderTest {
    static final int SIZE = StatusList.MIN_SIZE;

    @Test
    void eachStoredStateLandsAtItsEntry() {
        StatusList list = StatusListBuilder.of(
                Map.of(
                        5, LabelState.REVOKED,
                        7, LabelState.SUSPENDED,
                        131_071, LabelState.SUPPORT_ENDED,
                        0, LabelState.EXPIRED),
                SIZE);
        assertEquals(LabelState.REVOKED, list.state(5));
        assertEquals(LabelState.VALID, list.state(6));
        assertEquals(LabelState.SUSPENDED, list.state(7));
        assertEquals(LabelState.SUPPORT_ENDED, list.state(131_071));
        assertEquals(LabelState.VALID, list.state(0), "an expired label reads VALID: its own exp says expired");
        assertEquals(3, list.countNotValid());
        assertEquals(SIZE, list.size());
    }

    @Test
    void anIndexOutsideTheListIsRefused() {
        var ex = assertThrows(
                IllegalArgumentException.class, () -> StatusListBuilder.of(Map.of(SIZE, LabelState.REVOKED), SIZE));
        assertEquals("status index 131072 is outside [0, 131072)", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StatusListBuilder.of(Map.of(-1, LabelState.REVOKED), SIZE));
    }

    @Test
    void aStateThatIsNotStoredIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StatusListBuilder.of(Map.of(1, LabelState.UNKNOWN), SIZE));
        assertThrows(IllegalArgumentException.class, () -> StatusListBuilder.of(Map.of(1, LabelState.INVALID), SIZE));
    }

    @Test
    void noEntriesMeansAnAllValidList() {
        StatusList list = StatusListBuilder.of(Map.of(), SIZE);
        assertEquals(0, list.countNotValid());
        assertEquals(SIZE, list.size());
    }
}

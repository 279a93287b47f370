package jp.jcstar.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import jp.jcstar.label.StatusRef;
import jp.jcstar.status.StatusListBuilder.Entry;
import org.junit.jupiter.api.Test;

class StatusListBuilderTest {
    static final int SIZE = StatusList.MIN_SIZE;

    static Entry e(int list, int index, LabelState s) {
        return new Entry(new StatusRef(list, index), s);
    }

    @Test
    void eachLabelStateLandsAtItsEntryInTheListOfItsNumber() {
        SortedMap<Integer, StatusList> lists = StatusListBuilder.build(List.of(
                e(1, 5, LabelState.REVOKED),
                e(1, 6, LabelState.VALID),
                e(2, 5, LabelState.SUSPENDED),
                e(2, 131_071, LabelState.SUPPORT_ENDED),
                e(4, 0, LabelState.EXPIRED)), SIZE);
        assertEquals(List.of(1, 2, 4), List.copyOf(lists.keySet()));
        assertEquals(LabelState.REVOKED, lists.get(1).state(5));
        assertEquals(LabelState.VALID, lists.get(1).state(6));
        assertEquals(1, lists.get(1).countNotValid());
        assertEquals(LabelState.SUSPENDED, lists.get(2).state(5));
        assertEquals(LabelState.SUPPORT_ENDED, lists.get(2).state(131_071));
        assertEquals(0, lists.get(4).countNotValid(), "an expired label reads VALID: its own exp says expired");
        lists.values().forEach(l -> assertEquals(SIZE, l.size()));
    }

    @Test
    void theSameEntryAllocatedTwiceIsRefused() {
        var ex = assertThrows(IllegalArgumentException.class, () -> StatusListBuilder.build(List.of(
                e(1, 5, LabelState.VALID), e(1, 5, LabelState.REVOKED)), SIZE));
        assertEquals("status entry 1/5 is allocated twice", ex.getMessage());
    }

    @Test
    void anIndexOutsideTheListIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StatusListBuilder.build(List.of(e(1, SIZE, LabelState.VALID)), SIZE));
    }

    @Test
    void itemsOfAnyTypeCanBeReadThroughAccessors() {
        record Row(StatusRef ref, LabelState state) {}
        Map<Integer, StatusList> lists = StatusListBuilder.build(List.of(new Row(new StatusRef(3, 9), LabelState.REVOKED)), Row::ref, Row::state, SIZE);
        assertEquals(1, lists.get(3).get(9));
    }

    @Test
    void noLabelsMeansNoLists() {
        assertEquals(Map.of(), StatusListBuilder.build(List.of(), SIZE));
    }
}

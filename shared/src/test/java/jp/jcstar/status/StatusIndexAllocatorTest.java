package jp.jcstar.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import jp.jcstar.label.StatusRef;
import org.junit.jupiter.api.Test;

class StatusIndexAllocatorTest {
    static final int SIZE = StatusList.MIN_SIZE;

    @Test
    void indexesLieInTheListAndSpreadOverItRatherThanFollowingIssueOrder() {
        StatusIndexAllocator a = new StatusIndexAllocator(SIZE);
        int[] quarters = new int[4];
        int ascending = 0;
        int prev = -1;
        for (int i = 0; i < 4_000; i++) {
            int idx = a.nextIndex();
            assertTrue(idx >= 0 && idx < SIZE, "index " + idx);
            quarters[idx / (SIZE / 4)]++;
            if (idx > prev) ascending++;
            prev = idx;
        }
        for (int q : quarters) assertTrue(q > 800 && q < 1_200, "quarter counts " + java.util.Arrays.toString(quarters));
        assertTrue(ascending > 1_700 && ascending < 2_300, "consecutive draws ascend about half the time, not always: " + ascending);
    }

    @Test
    void aListIsFullEnoughOnceMoreThanHalfIsUsed() {
        StatusIndexAllocator a = new StatusIndexAllocator(SIZE);
        assertFalse(a.isFullEnough(0));
        assertFalse(a.isFullEnough(SIZE / 2));
        assertTrue(a.isFullEnough(SIZE / 2 + 1));
        assertEquals(3, a.listFor(3, SIZE / 2));
        assertEquals(4, a.listFor(3, SIZE / 2 + 1));
        assertThrows(IllegalArgumentException.class, () -> a.isFullEnough(-1));
    }

    @Test
    void allocateRetriesOnCollisionUntilTheStoreAcceptsAnEntry() {
        StatusIndexAllocator a = new StatusIndexAllocator(SIZE);
        BitSet taken = new BitSet(SIZE);
        taken.set(0, SIZE / 2); // half the list already used
        int[] attempts = {0};
        Set<StatusRef> claimed = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            StatusRef ref = a.allocate(7, r -> {
                attempts[0]++;
                if (taken.get(r.index())) return false;
                taken.set(r.index());
                return true;
            }).orElseThrow();
            assertEquals(7, ref.list());
            assertTrue(claimed.add(ref), "no entry handed out twice");
        }
        assertTrue(attempts[0] < 2_500, "about two draws per label at half full: " + attempts[0]);
    }

    @Test
    void allocateGivesUpWhenEveryDrawCollides() {
        StatusIndexAllocator a = new StatusIndexAllocator(SIZE);
        int[] attempts = {0};
        assertTrue(a.allocate(1, r -> ++attempts[0] < 0).isEmpty());
        assertEquals(StatusIndexAllocator.MAX_ATTEMPTS, attempts[0]);
    }

    @Test
    void listsSmallerThanTheHerdPrivacyMinimumAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StatusIndexAllocator(SIZE - 1));
    }
}

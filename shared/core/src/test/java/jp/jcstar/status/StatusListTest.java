package jp.jcstar.status;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.zip.Deflater;
import jp.jcstar.signing.B64;
import org.junit.jupiter.api.Test;

class StatusListTest {
    /** draft-ietf-oauth-status-list §4.1, second example: 12 entries of 2 bits. */
    static final int[] DRAFT_2BIT = {1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3};

    @Test
    void bitLayoutMatchesTheDraftsTwoBitExampleByteForByte() {
        StatusList.Builder b = StatusList.unchecked(12);
        for (int i = 0; i < DRAFT_2BIT.length; i++) b.set(i, DRAFT_2BIT[i]);
        StatusList list = b.build();
        assertArrayEquals(new byte[] {(byte) 0xC9, 0x44, (byte) 0xF9}, list.bytes());
        for (int i = 0; i < DRAFT_2BIT.length; i++) assertEquals(DRAFT_2BIT[i], list.get(i), "entry " + i);
    }

    @Test
    void compressedFormMatchesTheDraftsZlibBytesAndLst() {
        StatusList.Builder b = StatusList.unchecked(12);
        for (int i = 0; i < DRAFT_2BIT.length; i++) b.set(i, DRAFT_2BIT[i]);
        StatusList list = b.build();
        // §4.1: "compressed array (hex): 78da3be9f2130003df0207"; §4.2: "lst": "eNo76fITAAPfAgc"
        assertEquals("78da3be9f2130003df0207", HexFormat.of().formatHex(list.compressed()));
        assertEquals("eNo76fITAAPfAgc", list.lst());
    }

    @Test
    void theDraftsLstDecodesToItsEntries() {
        StatusList list = StatusList.fromLst("eNo76fITAAPfAgc", StatusList.MAX_BYTES);
        assertEquals(12, list.size());
        for (int i = 0; i < DRAFT_2BIT.length; i++) assertEquals(DRAFT_2BIT[i], list.get(i), "entry " + i);
    }

    @Test
    void entryIOccupiesBits2iMod8And2iPlus1Mod8OfByteIDiv4FromTheLeastSignificantBit() {
        for (int i = 0; i < 8; i++) {
            for (int v = 1; v <= 3; v++) {
                byte[] bytes = StatusList.unchecked(8).set(i, v).build().bytes();
                byte[] expected = new byte[2];
                expected[i / 4] = (byte) (v << (2 * (i % 4)));
                assertArrayEquals(expected, bytes, "entry " + i + " value " + v);
            }
        }
    }

    @Test
    void settingOneEntryLeavesItsNeighboursAlone() {
        StatusList.Builder b = StatusList.unchecked(8);
        for (int i = 0; i < 8; i++) b.set(i, 3);
        b.set(5, 1).set(2, 0);
        int[] expected = {3, 3, 0, 3, 3, 1, 3, 3};
        for (int i = 0; i < 8; i++) assertEquals(expected[i], b.get(i), "entry " + i);
    }

    @Test
    void valuesMapToLabelStatesBothWaysAndExpiredIsNotAListValue() {
        assertEquals(0, StatusList.valueOf(LabelState.VALID));
        assertEquals(1, StatusList.valueOf(LabelState.REVOKED));
        assertEquals(2, StatusList.valueOf(LabelState.SUSPENDED));
        assertEquals(3, StatusList.valueOf(LabelState.SUPPORT_ENDED));
        for (int v = 0; v < 4; v++) assertEquals(v, StatusList.valueOf(StatusList.stateOf(v)));
        assertThrows(IllegalArgumentException.class, () -> StatusList.valueOf(LabelState.EXPIRED));
        assertThrows(IllegalArgumentException.class, () -> StatusList.valueOf(LabelState.UNKNOWN));
        assertThrows(IllegalArgumentException.class, () -> StatusList.valueOf(LabelState.INVALID));
        assertThrows(IllegalArgumentException.class, () -> StatusList.stateOf(4));
    }

    @Test
    void aPublishedListHasAtLeastMinSizeEntries() {
        assertThrows(IllegalArgumentException.class, () -> StatusList.builder(StatusList.MIN_SIZE - 4));
        StatusList list = StatusList.builder(StatusList.MIN_SIZE).build();
        assertEquals(131_072, list.size());
        assertEquals(32_768, list.bytes().length);
        assertEquals(0, list.countNotValid());
    }

    @Test
    void outOfRangeIndexesAndValuesAreRefused() {
        StatusList.Builder b = StatusList.builder(StatusList.MIN_SIZE);
        assertThrows(IndexOutOfBoundsException.class, () -> b.set(-1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.set(StatusList.MIN_SIZE, 1));
        assertThrows(IllegalArgumentException.class, () -> b.set(0, 4));
        assertThrows(IllegalArgumentException.class, () -> b.set(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.build().get(StatusList.MIN_SIZE));
    }

    @Test
    void aSnapshotDoesNotChangeWhenTheBuilderDoes() {
        StatusList.Builder b = StatusList.builder(StatusList.MIN_SIZE).set(7, LabelState.REVOKED);
        StatusList snap = b.build();
        b.set(7, LabelState.VALID).set(8, LabelState.SUSPENDED);
        assertEquals(LabelState.REVOKED, snap.state(7));
        assertEquals(LabelState.VALID, snap.state(8));
        assertEquals(1, snap.countNotValid());
        byte[] copy = snap.bytes();
        copy[1] = 0;
        assertEquals(1, snap.get(7), "bytes() is a copy");
    }

    @Test
    void compressedIsZlibAtBestCompressionAndRoundTrips() {
        StatusList list = randomList(StatusList.MIN_SIZE, 0.01, 1);
        byte[] z = list.compressed();
        assertEquals(0x78, z[0] & 0xFF, "ZLIB CMF: deflate, 32K window");
        assertEquals(0xDA, z[1] & 0xFF, "ZLIB FLG: best compression");
        assertEquals(list, StatusList.fromCompressed(z, StatusList.MAX_BYTES));
        assertEquals(list, StatusList.fromLst(list.lst(), StatusList.MAX_BYTES));
    }

    @Test
    void inflationStopsAtTheBoundInsteadOfExpandingABomb() {
        byte[] bomb = zlib(new byte[StatusList.MAX_BYTES + 1]);
        assertTrue(bomb.length < 100_000, "a 16 MiB run of zeros compresses to " + bomb.length + " bytes");
        var e = assertThrows(
                IllegalArgumentException.class, () -> StatusList.fromCompressed(bomb, StatusList.MAX_BYTES));
        assertTrue(e.getMessage().contains("inflates beyond"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StatusList.fromCompressed(zlib(new byte[1025]), 1024));
    }

    @Test
    void rawDeflateTruncatedStreamsTrailingBytesAndEmptyListsAreRefused() {
        byte[] ok = StatusList.builder(StatusList.MIN_SIZE).build().compressed();
        Deflater raw = new Deflater(Deflater.BEST_COMPRESSION, true);
        raw.setInput(new byte[64]);
        raw.finish();
        byte[] buf = new byte[256];
        int n = raw.deflate(buf);
        raw.end();
        byte[] rawDeflate = java.util.Arrays.copyOf(buf, n);
        assertThrows(IllegalArgumentException.class, () -> StatusList.fromCompressed(rawDeflate, StatusList.MAX_BYTES));
        assertThrows(
                IllegalArgumentException.class,
                () -> StatusList.fromCompressed(java.util.Arrays.copyOf(ok, ok.length - 3), StatusList.MAX_BYTES));
        byte[] trailing = java.util.Arrays.copyOf(ok, ok.length + 1);
        assertThrows(IllegalArgumentException.class, () -> StatusList.fromCompressed(trailing, StatusList.MAX_BYTES));
        assertThrows(
                IllegalArgumentException.class,
                () -> StatusList.fromCompressed(zlib(new byte[0]), StatusList.MAX_BYTES));
        assertThrows(
                IllegalArgumentException.class, () -> StatusList.fromLst("eNo76fITAAPfAgc=", StatusList.MAX_BYTES));
    }

    @Test
    void aMillionEntriesWithOnePercentRandomlyRevokedCompressToUnder40KB() {
        StatusList list = randomList(1_000_000, 0.01, 42);
        byte[] z = list.compressed();
        String lst = B64.encode(z);
        System.out.printf(
                Locale.ROOT,
                "1,000,000 entries, %d not valid: raw %d B, zlib %d B, lst %d chars%n",
                list.countNotValid(),
                list.bytes().length,
                z.length,
                lst.length());
        assertEquals(250_000, list.bytes().length);
        assertTrue(lst.length() < 40_000, "lst is " + lst.length() + " characters");
        assertEquals(list, StatusList.fromLst(lst, StatusList.MAX_BYTES));
    }

    /** {@code size} entries, each revoked with probability {@code p}. */
    static StatusList randomList(int size, double p, long seed) {
        Random r = new Random(seed);
        StatusList.Builder b = StatusList.builder(size);
        for (int i = 0; i < size; i++) if (r.nextDouble() < p) b.set(i, StatusList.INVALID);
        return b.build();
    }

    /** ZLIB at the fastest level (test inputs only; the level does not change the format). */
    static byte[] zlib(byte[] in) {
        Deflater d = new Deflater(Deflater.BEST_SPEED, false);
        d.setInput(in);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }
}

package com.google.zxing.qrcode.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.zxing.common.BitArray;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Version;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FixedSegmentEncoder}'s table-driven Reed–Solomon and interleaving give ZXing's bytes, for every version and level. */
class FixedSegmentInterleaveTest {
    @Test
    void reedSolomonBytesAreZxings() {
        Random r = new Random(5);
        for (int ec = 2; ec <= 30; ec++) {
            for (int len : new int[] {1, 13, 97, 255 - ec}) {
                byte[] data = new byte[len];
                r.nextBytes(data);
                assertArrayEquals(
                        Encoder.generateECBytes(data, ec),
                        FixedSegmentEncoder.reedSolomon(data, 0, len, ec),
                        "ec " + ec + " len " + len);
            }
        }
    }

    @Test
    void interleavedBitsAreZxingsForEveryVersionAndLevel() throws Exception {
        Random r = new Random(9);
        for (int v = 1; v <= 40; v++) {
            Version version = Version.getVersionForNumber(v);
            for (ErrorCorrectionLevel level : ErrorCorrectionLevel.values()) {
                Version.ECBlocks blocks = version.getECBlocksForLevel(level);
                int total = version.getTotalCodewords();
                int dataBytes = total - blocks.getTotalECCodewords();
                BitArray bits = new BitArray();
                for (int i = 0; i < dataBytes; i++) bits.appendBits(r.nextInt(256), 8);
                BitArray zxing = Encoder.interleaveWithECBytes(bits, total, dataBytes, blocks.getNumBlocks());
                BitArray ours =
                        FixedSegmentEncoder.interleaveWithECBytes(bits, total, dataBytes, blocks.getNumBlocks());
                // BitArray.equals also compares spare capacity, so compare the bits
                assertEquals(zxing.getSize(), ours.getSize());
                assertEquals(zxing.toString(), ours.toString(), "version " + v + " level " + level);
            }
        }
    }
}

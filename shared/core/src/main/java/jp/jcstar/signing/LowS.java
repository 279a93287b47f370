package jp.jcstar.signing;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * One signature per label. ECDSA is malleable: if {@code (r, s)} verifies, so does {@code (r, n − s)},
 * a second, different-looking signature of the same label (a label id alone then no longer names one
 * token, and a checker that compares tokens or caches by signature can be fooled). Our signers always
 * emit the low form, {@code s ≤ n/2} (as Bitcoin's BIP 62/146 and Ethereum's EIP-2 do), and our
 * verifiers refuse the high form with its own reason ({@code high-s}).
 */
public final class LowS {
    private LowS() {}

    /** The order n of the P-256 group. */
    public static final BigInteger N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    /** ⌊n/2⌋: the largest low s. */
    public static final BigInteger HALF_N = N.shiftRight(1);

    /** True when the JOSE signature {@code r ‖ s} (64 bytes) has s above n/2. */
    public static boolean isHigh(byte[] rs) {
        if (rs.length != 64) throw new IllegalArgumentException("an ES256 signature is 64 bytes");
        return new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)).compareTo(HALF_N) > 0;
    }

    /** The same signature in its low form: {@code r ‖ min(s, n − s)}. A new array; the input is not changed. */
    public static byte[] normalise(byte[] rs) {
        if (!isHigh(rs)) return rs.clone();
        BigInteger s = N.subtract(new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)));
        byte[] out = Arrays.copyOf(rs, 64);
        byte[] sb = s.toByteArray(); // positive, at most 32 significant bytes (s < n/2)
        Arrays.fill(out, 32, 64, (byte) 0);
        int len = Math.min(sb.length, 32);
        System.arraycopy(sb, sb.length - len, out, 64 - len, len);
        return out;
    }
}

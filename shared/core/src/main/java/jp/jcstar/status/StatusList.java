package jp.jcstar.status;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import jp.jcstar.signing.B64;

/**
 * An immutable IETF Token Status List (draft-ietf-oauth-status-list, §4) with {@code bits = 2}: one
 * 2-bit status per label, packed four to a byte.
 *
 * <p><b>Bit order</b> (draft §4.1, step 3: "packed into bytes from the least significant bit ("0") to
 * the most significant bit ("7")"): entry {@code i} lives in byte {@code i / 4}, in bits
 * {@code 2 * (i % 4)} (low) and {@code 2 * (i % 4) + 1} (high). So entries 0,1,2,3 with values
 * 1,2,0,3 make the byte {@code 0b11_00_10_01 = 0xC9} (the draft's own 2-bit example, §4.1).
 *
 * <p><b>Values</b> (draft §7.1): {@link #VALID} 0, {@link #INVALID} 1 (our "revoked": irreversible),
 * {@link #SUSPENDED} 2, and {@link #SUPPORT_ENDED} 3 (0x03 is reserved by the draft as application
 * specific). {@link LabelState#EXPIRED} is not in the list: a verifier computes it from the label's
 * own validity end, which takes precedence over the list (draft §7.1, §8.3).
 *
 * <p><b>Encoding</b> (draft §4.1 step 4, §4.2): the byte array compressed with DEFLATE in the ZLIB
 * format (RFC 1950, not raw DEFLATE) at the best compression level, then base64url without padding as
 * the {@code lst} member.
 *
 * <p><b>Size</b>: {@link #MIN_SIZE} entries at least (herd privacy, draft §12 and §13.3: an unused
 * index reads as VALID, so the list hides how many labels exist), and always a multiple of 4 entries
 * so the bit count is a whole number of bytes (draft §13.4); a decoded list therefore has exactly
 * {@code 4 × bytes} entries.
 *
 * <p>Instances are immutable and thread-safe; {@link Builder} is the mutable, single-threaded form.
 */
public final class StatusList {
    /** Bits per entry ({@code status_list.bits}). */
    public static final int BITS = 2;
    /** Entries per byte. */
    public static final int PER_BYTE = 8 / BITS;
    /** Fewest entries a published list has: 2^17 (herd privacy). */
    public static final int MIN_SIZE = 131_072;
    /** Most bytes a list may decompress to (draft §11.1): 16 MiB, room for 64 Mi entries. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    /** 0x00 VALID (draft §7.1). */
    public static final int VALID = 0;
    /** 0x01 INVALID: the registry uses it for "revoked" by the operator. */
    public static final int INVALID = 1;
    /** 0x02 SUSPENDED: temporary, reversible. */
    public static final int SUSPENDED = 2;
    /** 0x03, application specific in the draft: the registry uses it for "support-ended". */
    public static final int SUPPORT_ENDED = 3;

    private final byte[] bytes;

    private StatusList(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A mutable all-VALID list of {@code size} entries ({@code size >= MIN_SIZE}, a multiple of 4). */
    public static Builder builder(int size) {
        if (size < MIN_SIZE)
            throw new IllegalArgumentException("a status list has at least " + MIN_SIZE + " entries, not " + size);
        return unchecked(size);
    }

    /** Any size that is a positive multiple of 4 (the draft's tiny examples in tests). */
    static Builder unchecked(int size) {
        if (size <= 0 || size % PER_BYTE != 0)
            throw new IllegalArgumentException("status list size must be a positive multiple of 4, not " + size);
        if (size / PER_BYTE > MAX_BYTES)
            throw new IllegalArgumentException("status list size " + size + " exceeds " + MAX_BYTES + " bytes");
        return new Builder(new byte[size / PER_BYTE]);
    }

    /** Number of entries ({@code 4 × bytes}). */
    public int size() {
        return bytes.length * PER_BYTE;
    }

    /** The 2-bit value of entry {@code index} (0–3). */
    public int get(int index) {
        return read(bytes, index);
    }

    /** The label state entry {@code index} stands for: never {@code EXPIRED}, {@code UNKNOWN} or {@code INVALID}. */
    public LabelState state(int index) {
        return stateOf(get(index));
    }

    /** A copy of the uncompressed byte array. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Number of entries that are not VALID. */
    public int countNotValid() {
        int n = 0;
        for (byte b : bytes) {
            if (b == 0) continue;
            for (int s = 0; s < 8; s += BITS) if (((b >>> s) & 0b11) != 0) n++;
        }
        return n;
    }

    /** The byte array as ZLIB (RFC 1950) at {@link Deflater#BEST_COMPRESSION} (draft §4.1 step 4). */
    public byte[] compressed() {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, false);
        try {
            d.setInput(bytes);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 16));
            byte[] buf = new byte[8192];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** The {@code lst} member: base64url (no padding) of {@link #compressed()} (draft §4.2). */
    public String lst() {
        return B64.encode(compressed());
    }

    /** A mutable copy. */
    public Builder toBuilder() {
        return new Builder(bytes.clone());
    }

    /**
     * Decodes an {@code lst} member: strict base64url, then ZLIB inflation bounded by
     * {@code maxBytes}; the stream must end exactly at the end of the input.
     *
     * @throws IllegalArgumentException with a short reason on any defect (the list is untrusted)
     */
    public static StatusList fromLst(String lst, int maxBytes) {
        byte[] zlib;
        try {
            zlib = B64.decode(lst);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lst is not canonical base64url: " + e.getMessage());
        }
        return fromCompressed(zlib, maxBytes);
    }

    /** As {@link #fromLst(String, int)}, from the ZLIB bytes. */
    public static StatusList fromCompressed(byte[] zlib, int maxBytes) {
        if (maxBytes <= 0 || maxBytes > MAX_BYTES)
            throw new IllegalArgumentException("maxBytes must lie in [1, " + MAX_BYTES + "]");
        Inflater inf = new Inflater(false);
        try {
            inf.setInput(zlib);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(64, zlib.length * 8)));
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary()))
                    throw new IllegalArgumentException("truncated ZLIB stream");
                if (out.size() + n > maxBytes)
                    throw new IllegalArgumentException("status list inflates beyond " + maxBytes + " bytes");
                out.write(buf, 0, n);
            }
            if (inf.getRemaining() > 0) throw new IllegalArgumentException("bytes after the ZLIB stream");
            if (out.size() == 0) throw new IllegalArgumentException("empty status list");
            return new StatusList(out.toByteArray());
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a ZLIB stream");
        } finally {
            inf.end();
        }
    }

    /** The list value of a stored label state; EXPIRED, UNKNOWN and INVALID have none. */
    public static int valueOf(LabelState state) {
        return switch (Objects.requireNonNull(state, "state")) {
            case VALID -> VALID;
            case REVOKED -> INVALID;
            case SUSPENDED -> SUSPENDED;
            case SUPPORT_ENDED -> SUPPORT_ENDED;
            case EXPIRED ->
                throw new IllegalArgumentException(
                        "expired is not a status list value: verifiers compute it from the label's validity end");
            case UNKNOWN, INVALID -> throw new IllegalArgumentException(state.code() + " is not a stored label state");
        };
    }

    /** The label state a list value stands for. */
    public static LabelState stateOf(int value) {
        return switch (value) {
            case VALID -> LabelState.VALID;
            case INVALID -> LabelState.REVOKED;
            case SUSPENDED -> LabelState.SUSPENDED;
            case SUPPORT_ENDED -> LabelState.SUPPORT_ENDED;
            default -> throw new IllegalArgumentException("status value " + value + " does not fit in 2 bits");
        };
    }

    private static int read(byte[] bytes, int index) {
        checkIndex(index, bytes.length);
        return (bytes[index >>> 2] >>> ((index & 3) << 1)) & 0b11;
    }

    private static void checkIndex(int index, int byteLength) {
        if (index < 0 || index >= byteLength * PER_BYTE) {
            throw new IndexOutOfBoundsException(
                    "status index " + index + " outside [0, " + (long) byteLength * PER_BYTE + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusList other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "StatusList[size=" + size() + ", notValid=" + countNotValid() + "]";
    }

    /** A mutable status list: set entries, then {@link #build()} an immutable snapshot. Not thread-safe. */
    public static final class Builder {
        private final byte[] bytes;

        private Builder(byte[] bytes) {
            this.bytes = bytes;
        }

        public int size() {
            return bytes.length * PER_BYTE;
        }

        public int get(int index) {
            return read(bytes, index);
        }

        /** Sets entry {@code index} to {@code value} (0–3). */
        public Builder set(int index, int value) {
            checkIndex(index, bytes.length);
            if (value < 0 || value > 3)
                throw new IllegalArgumentException("status value " + value + " does not fit in 2 bits");
            int shift = (index & 3) << 1;
            int i = index >>> 2;
            bytes[i] = (byte) ((bytes[i] & ~(0b11 << shift)) | (value << shift));
            return this;
        }

        /** Sets entry {@code index} to the value of {@code state} (see {@link StatusList#valueOf(LabelState)}). */
        public Builder set(int index, LabelState state) {
            return set(index, valueOf(state));
        }

        /** An immutable snapshot; later changes to this builder do not affect it. */
        public StatusList build() {
            return new StatusList(bytes.clone());
        }
    }
}

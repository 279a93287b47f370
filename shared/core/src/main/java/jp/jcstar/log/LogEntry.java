package jp.jcstar.log;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;

/**
 * One entry of the transparency log: an issuance or a status change of one label. Its bytes
 * ({@link #encode}) are what the Merkle leaf hashes ({@code SHA-256(0x00 ‖ bytes)}) and what the entry
 * bundles serve; the encoding is specified in {@code docs/transparency-log.md} and must never change
 * for version 1. All integers are big-endian.
 *
 * <pre>
 * u8      version           = 1
 * u8      kind              1 = issuance, 2 = status change
 * u8      length, bytes     label id (ASCII, 1..64 bytes)
 * 32 bytes                  SHA-256 of the label's compact JWS (its ASCII bytes)
 * u8      length, bytes     previous state code (ASCII; empty for an issuance)
 * u8      length, bytes     new state code (ASCII; "valid" for an issuance)
 * u8      length, bytes     reason code (ASCII; empty when there is none)
 * i64, u32                  effective time: seconds since 1970-01-01T00:00Z, nanoseconds 0..999999999
 * i64, u32                  entry time (when the registry recorded the change), same form
 * </pre>
 */
public record LogEntry(
        Kind kind,
        String labelId,
        byte[] jwsSha256,
        LabelState from,
        LabelState to,
        RevocationReason reason,
        Instant effectiveAt,
        Instant recordedAt) {

    public static final int VERSION = 1;
    /** The largest encoding: bundles frame each entry with a u16 length. */
    public static final int MAX_BYTES = 2 + 1 + 64 + 32 + 3 * (1 + 40) + 24;

    public enum Kind {
        ISSUANCE(1),
        STATUS_CHANGE(2);
        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    public LogEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(labelId, "labelId");
        Objects.requireNonNull(jwsSha256, "jwsSha256");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
        if (labelId.isEmpty() || labelId.length() > 64 || !labelId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("label id must be 1..64 printable ASCII characters");
        }
        if (jwsSha256.length != 32) throw new IllegalArgumentException("jwsSha256 must be 32 bytes");
        jwsSha256 = jwsSha256.clone();
        if (kind == Kind.ISSUANCE && (from != null || to != LabelState.VALID || reason != null)) {
            throw new IllegalArgumentException("an issuance goes from nothing to valid, without a reason");
        }
        if (kind == Kind.STATUS_CHANGE && from == null)
            throw new IllegalArgumentException("a status change has a previous state");
    }

    /** The issuance of a label whose compact JWS is {@code jws}. */
    public static LogEntry issuance(String labelId, String jws, Instant issuedAt, Instant recordedAt) {
        return new LogEntry(Kind.ISSUANCE, labelId, sha256(jws), null, LabelState.VALID, null, issuedAt, recordedAt);
    }

    public static LogEntry statusChange(
            String labelId,
            String jws,
            LabelState from,
            LabelState to,
            RevocationReason reason,
            Instant effectiveAt,
            Instant recordedAt) {
        return new LogEntry(Kind.STATUS_CHANGE, labelId, sha256(jws), from, to, reason, effectiveAt, recordedAt);
    }

    @Override
    public byte[] jwsSha256() {
        return jwsSha256.clone();
    }

    /** Whether {@code jws} is the label this entry names. */
    public boolean names(String jws) {
        return MessageDigest.isEqual(jwsSha256, sha256(jws));
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        out.write(VERSION);
        out.write(kind.code);
        short8(out, labelId);
        out.writeBytes(jwsSha256);
        short8(out, from == null ? "" : from.code());
        short8(out, to.code());
        short8(out, reason == null ? "" : reason.code());
        time(out, effectiveAt);
        time(out, recordedAt);
        return out.toByteArray();
    }

    /** The inverse of {@link #encode}; anything else (trailing bytes, unknown codes) is refused. */
    public static LogEntry decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int version = b.get() & 0xff;
            if (version != VERSION) throw new IllegalArgumentException("unknown log entry version " + version);
            int k = b.get() & 0xff;
            Kind kind = switch (k) {
                case 1 -> Kind.ISSUANCE;
                case 2 -> Kind.STATUS_CHANGE;
                default -> throw new IllegalArgumentException("unknown log entry kind " + k);
            };
            String id = short8(b);
            byte[] hash = new byte[32];
            b.get(hash);
            String from = short8(b);
            String to = short8(b);
            String reason = short8(b);
            Instant effective = time(b);
            Instant recorded = time(b);
            if (b.hasRemaining()) throw new IllegalArgumentException("trailing bytes after a log entry");
            LogEntry e = new LogEntry(
                    kind,
                    id,
                    hash,
                    from.isEmpty() ? null : LabelState.fromCode(from),
                    LabelState.fromCode(to),
                    reason.isEmpty() ? null : RevocationReason.fromCode(reason),
                    effective,
                    recorded);
            if (!Arrays.equals(e.encode(), bytes)) throw new IllegalArgumentException("not the canonical encoding");
            return e;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated log entry");
        }
    }

    public static byte[] sha256(String jws) {
        return sha256(jws.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void short8(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length > 255) throw new IllegalArgumentException("field too long");
        out.write(b.length);
        out.writeBytes(b);
    }

    private static String short8(ByteBuffer b) {
        byte[] s = new byte[b.get() & 0xff];
        b.get(s);
        for (byte c : s)
            if (c <= 0x20 || c >= 0x7f) throw new IllegalArgumentException("non-ASCII text in a log entry");
        return new String(s, StandardCharsets.US_ASCII);
    }

    private static void time(ByteArrayOutputStream out, Instant t) {
        out.writeBytes(ByteBuffer.allocate(12)
                .putLong(t.getEpochSecond())
                .putInt(t.getNano())
                .array());
    }

    private static Instant time(ByteBuffer b) {
        long s = b.getLong();
        int n = b.getInt();
        if (n < 0 || n > 999_999_999) throw new IllegalArgumentException("bad nanoseconds in a log entry");
        return Instant.ofEpochSecond(s, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && Arrays.equals(encode(), e.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return kind + " " + labelId + " " + (from == null ? "" : from.code() + "→") + to.code()
                + (reason == null ? "" : " (" + reason.code() + ")") + " at " + effectiveAt + " sha256:"
                + HexFormat.of().formatHex(jwsSha256);
    }
}

package jp.jcstar.qr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import jp.jcstar.json.Json;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.Kids;
import jp.jcstar.signing.LabelSigner;

/**
 * The text a label's QR code holds: a URL of the registry site's verify page with the label after
 * {@code #}, in the compact numeric form of docs/label-format.md §QR:
 *
 * <pre>  HTTPS://HOST/v#1 HHH PPPP digits(header ‖ payload ‖ signature)</pre>
 *
 * {@code 1} is the QR format version, {@code HHH} and {@code PPPP} the header and payload byte lengths.
 * Bytes go in chunks of 7, each written as a 17-digit big-endian number (a final chunk of k bytes with
 * {@link #DIGITS}[k] digits). A QR code's numeric mode spends 10 bits per 3 digits, so this costs 8.03
 * bits per byte against 10.7 for base64url text in byte mode. The scheme and host are upper-cased so
 * they fit the QR alphanumeric mode. {@link #toCompactJws} also accepts the plain compact JWS, alone or
 * after {@code #}. Stateless and thread-safe.
 *
 * <p>Compact-header form ({@link #ofCompactHeader}), for headers exactly as {@link LabelSigner#header}
 * writes them:
 *
 * <pre>  HTTPS://HOST/v#2 F PPPP digits(kid ‖ payload ‖ signature)</pre>
 *
 * {@code F} is {@code 0} for {@code {"alg":"ES256","kid":K}} and {@code 1} for the same with
 * {@code "zip":"DEF"}; {@code kid} is the 12 bytes of the 16-character key id. The reader rebuilds the
 * header bytes from them, so the signature still covers the very header that was signed; 38 bytes fewer
 * than form 1 (about 300 bits of QR capacity).
 */
public final class QrText {
    private QrText() {}

    public static final char FORMAT_VERSION = '1';
    /** Leading digit of the compact-header form. */
    public static final char COMPACT_HEADER_FORM = '2';

    private static final int KID_BYTES = 12;
    /** Digits for a chunk of k bytes: ceil(8k·log10 2). */
    static final int[] DIGITS = {0, 3, 5, 8, 10, 13, 15, 17};

    private static final int CHUNK = 7;

    /** The QR text could not be read; the message says why. */
    public static final class FormatException extends Exception {
        public FormatException(String message) {
            super(message);
        }
    }

    /**
     * The QR text for {@code compactJws} on the site at {@code siteBase} (e.g. {@code https://jcstar.example.jp}).
     */
    public static String of(String siteBase, String compactJws) {
        String[] parts = compactJws.split("\\.", -1);
        if (parts.length != 3) throw new IllegalArgumentException("not a compact JWS");
        byte[] h = B64.decode(parts[0]);
        byte[] p = B64.decode(parts[1]);
        byte[] s = B64.decode(parts[2]);
        if (h.length > 999 || p.length > 9999) throw new IllegalArgumentException("label too large for a QR code");
        byte[] all = new byte[h.length + p.length + s.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(p, 0, all, h.length, p.length);
        System.arraycopy(s, 0, all, h.length + p.length, s.length);
        StringBuilder sb = new StringBuilder(verifyUrl(siteBase)).append('#').append(FORMAT_VERSION);
        sb.append(String.format(Locale.ROOT, "%03d%04d", h.length, p.length));
        appendDigits(sb, all);
        return sb.toString();
    }

    /**
     * The compact-header form of {@code compactJws} (see the class comment); falls back to
     * {@link #of} when the header is not one {@link LabelSigner} writes.
     */
    public static String ofCompactHeader(String siteBase, String compactJws) {
        String[] parts = compactJws.split("\\.", -1);
        if (parts.length != 3) throw new IllegalArgumentException("not a compact JWS");
        byte[] h = B64.decode(parts[0]);
        Boolean deflate = null;
        String kid = null;
        try {
            JsonNode header = Json.parse(h);
            kid = header.path("kid").asText("");
            deflate = header.has("zip");
        } catch (Json.BadJsonException e) {
            // not JSON: form 1 carries it as it is
        }
        if (deflate == null || kid.length() != Kids.LENGTH || !Arrays.equals(h, LabelSigner.header(kid, deflate))) {
            return of(siteBase, compactJws);
        }
        byte[] k = B64.decode(kid);
        byte[] p = B64.decode(parts[1]);
        byte[] s = B64.decode(parts[2]);
        if (p.length > 9999) throw new IllegalArgumentException("label too large for a QR code");
        byte[] all = new byte[KID_BYTES + p.length + s.length];
        System.arraycopy(k, 0, all, 0, KID_BYTES);
        System.arraycopy(p, 0, all, KID_BYTES, p.length);
        System.arraycopy(s, 0, all, KID_BYTES + p.length, s.length);
        StringBuilder sb = new StringBuilder(verifyUrl(siteBase)).append('#').append(COMPACT_HEADER_FORM);
        sb.append(deflate ? '1' : '0').append(String.format(Locale.ROOT, "%04d", p.length));
        appendDigits(sb, all);
        return sb.toString();
    }

    /**
     * The compact form for small packaging: the verify URL with only the registration number after
     * {@code #} ({@code HTTPS://HOST/v#JC26-4F7K2M9Q}; QR version 4 or lower at level M for a host of up to
     * 30 characters). It carries no signature: the verify page fetches the label's signed JWS as a file
     * ({@code /v1/label-jws/<id>}) and verifies it as if it came from the QR; so it needs the network where the
     * full form does not (docs/label-format.md §3.1).
     */
    public static String ofRegistrationNumber(String siteBase, String id) {
        if (id == null || !REGISTRATION_NUMBER.matcher(id).matches())
            throw new IllegalArgumentException("not a registration number: " + id);
        return verifyUrl(siteBase) + "#" + id;
    }

    /** A registration number as the compact form carries it (the label id, upper case, first character a letter). */
    public static final java.util.regex.Pattern REGISTRATION_NUMBER =
            java.util.regex.Pattern.compile("[A-Z][A-Z0-9-]{2,31}");

    /** The registration number of a compact-form QR text (or of the bare number), if that is what {@code scanned} is. */
    public static java.util.Optional<String> registrationNumber(String scanned) {
        if (scanned == null) return java.util.Optional.empty();
        String t = scanned.strip();
        int hash = t.indexOf('#');
        if (hash >= 0) {
            String url = t.substring(0, hash);
            if (!url.regionMatches(true, url.length() - 2, "/v", 0, 2)) return java.util.Optional.empty();
            t = t.substring(hash + 1);
        }
        return REGISTRATION_NUMBER.matcher(t).matches() && !t.startsWith("ey")
                ? java.util.Optional.of(t)
                : java.util.Optional.empty();
    }

    /** The verify page URL with scheme and host upper-cased (QR alphanumeric mode); the path stays {@code /v}. */
    public static String verifyUrl(String siteBase) {
        String base = siteBase.endsWith("/") ? siteBase.substring(0, siteBase.length() - 1) : siteBase;
        int hostEnd = base.indexOf('/', base.indexOf("://") + 3);
        String origin = hostEnd < 0 ? base : base.substring(0, hostEnd);
        String path = hostEnd < 0 ? "" : base.substring(hostEnd);
        return origin.toUpperCase(Locale.ROOT) + path + "/v";
    }

    // A chunk of 7 bytes is at most 2^56 - 1 (17 digits), so a long holds every chunk.
    static void appendDigits(StringBuilder sb, byte[] bytes) {
        for (int off = 0; off < bytes.length; off += CHUNK) {
            int k = Math.min(CHUNK, bytes.length - off);
            long v = 0;
            for (int i = 0; i < k; i++) v = (v << 8) | (bytes[off + i] & 0xFF);
            String d = Long.toString(v);
            sb.repeat('0', DIGITS[k] - d.length()).append(d);
        }
    }

    static byte[] parseDigits(String digits) throws FormatException {
        int full = digits.length() / DIGITS[CHUNK];
        int rest = digits.length() % DIGITS[CHUNK];
        int tailBytes = -1;
        for (int k = 0; k < CHUNK; k++) if (DIGITS[k] == rest) tailBytes = k;
        if (tailBytes < 0) throw new FormatException("digit count " + digits.length() + " is not a valid encoding");
        byte[] out = new byte[full * CHUNK + tailBytes];
        int pos = 0;
        int o = 0;
        for (int i = 0; i <= full; i++) {
            int k = i < full ? CHUNK : tailBytes;
            if (k == 0) break;
            long v = 0;
            for (int j = pos; j < pos + DIGITS[k]; j++)
                v = v * 10 + (digits.charAt(j) - '0'); // digits only: checked by the caller
            if (v >= (1L << (8 * k))) throw new FormatException("digit chunk out of range at " + pos);
            pos += DIGITS[k];
            for (int j = k - 1; j >= 0; j--) {
                out[o + j] = (byte) v;
                v >>>= 8;
            }
            o += k;
        }
        return out;
    }

    /**
     * The compact JWS in whatever a scanner or a person handed us: the QR URL (numeric form), a URL
     * whose fragment is the compact JWS, or the compact JWS itself. Surrounding whitespace is ignored.
     */
    public static String toCompactJws(String scanned) throws FormatException {
        String t = scanned.strip();
        int hash = t.indexOf('#');
        if (hash < 0) {
            if (t.contains("://")) throw new FormatException("URL has no label after #");
            return t;
        }
        String url = t.substring(0, hash);
        if (!url.regionMatches(true, url.length() - 2, "/v", 0, 2))
            throw new FormatException("not a JC-STAR verify URL");
        String frag = t.substring(hash + 1);
        if (frag.isEmpty()) throw new FormatException("URL has no label after #");
        if (frag.startsWith("ey")) return frag;
        char version = frag.charAt(0);
        if (version != FORMAT_VERSION && version != COMPACT_HEADER_FORM) {
            // shown escaped unless printable ASCII: the message reaches the verify page and logs
            String shown = version > 0x20 && version < 0x7F
                    ? String.valueOf(version)
                    : String.format(Locale.ROOT, "\\u%04x", (int) version);
            throw new FormatException("unsupported QR format version " + shown);
        }
        for (int i = 1; i < frag.length(); i++) {
            char c = frag.charAt(i);
            if (c < '0' || c > '9') throw new FormatException("numeric form holds a non-digit at " + i);
        }
        if (frag.charAt(0) == COMPACT_HEADER_FORM) return fromCompactHeaderForm(frag);
        if (frag.length() < 8) throw new FormatException("numeric form too short");
        int h = Integer.parseInt(frag.substring(1, 4));
        int p = Integer.parseInt(frag.substring(4, 8));
        byte[] all = parseDigits(frag.substring(8));
        if (all.length != h + p + 64) throw new FormatException("numeric form lengths do not add up");
        return B64.encode(Arrays.copyOfRange(all, 0, h)) + "." + B64.encode(Arrays.copyOfRange(all, h, h + p)) + "."
                + B64.encode(Arrays.copyOfRange(all, h + p, all.length));
    }

    private static String fromCompactHeaderForm(String frag) throws FormatException {
        if (frag.length() < 6) throw new FormatException("numeric form too short");
        char f = frag.charAt(1);
        if (f != '0' && f != '1') throw new FormatException("compact-header form flag must be 0 or 1");
        int p = Integer.parseInt(frag.substring(2, 6));
        byte[] all = parseDigits(frag.substring(6));
        if (all.length != KID_BYTES + p + 64) throw new FormatException("numeric form lengths do not add up");
        String kid = B64.encode(Arrays.copyOfRange(all, 0, KID_BYTES));
        return B64.encode(LabelSigner.header(kid, f == '1')) + "."
                + B64.encode(Arrays.copyOfRange(all, KID_BYTES, KID_BYTES + p)) + "."
                + B64.encode(Arrays.copyOfRange(all, KID_BYTES + p, all.length));
    }

    /** Plain form: the verify URL with the compact JWS itself after {@code #} (byte mode; larger QR). */
    public static String plain(String siteBase, String compactJws) {
        return verifyUrl(siteBase) + "#" + compactJws;
    }
}

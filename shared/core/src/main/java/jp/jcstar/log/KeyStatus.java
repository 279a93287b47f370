package jp.jcstar.log;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key-status document (docs/transparency-log.md, "Key compromise"): the label signing keys the
 * operator marks compromised, each with the time {@code compromisedAt} (T) from which its signatures are
 * no longer trusted on their own, and {@code logSizeAtT} (N): the size of the log's tree whose entries
 * were all recorded before T. A label of such a key is accepted only when the log proves its issuance
 * entry at an index below N. The document is a C2SP signed note signed by the log key (the key that
 * signs the checkpoints, never a label key), published beside the JWKS at {@link #KEY}. Its body:
 *
 * <pre>
 * jcstar-key-status v1
 * &lt;log origin&gt;
 * &lt;published, ISO-8601 instant&gt;
 * compromised &lt;kid&gt; &lt;compromisedAt, ISO-8601 instant&gt; &lt;logSizeAtT, decimal&gt;   (one line per key, by kid)
 * </pre>
 *
 * The first line keeps the note from ever reading as a checkpoint (whose first line is the origin) and
 * a checkpoint from reading as this. A parser refuses anything that does not re-encode to the same body.
 */
public record KeyStatus(String origin, Instant published, List<Compromise> compromised) {
    /** The document's key below the public files' root, beside the JWKS ({@code .well-known/jwks.json}). */
    public static final String KEY = ".well-known/jcstar-key-status";

    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    static final String HEADER = "jcstar-key-status v1";
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

    /** One compromised key: labels it signed count only when logged at an index below {@code logSizeAtT}. */
    public record Compromise(String kid, Instant compromisedAt, long logSizeAtT) {
        public Compromise {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(compromisedAt, "compromisedAt");
            if (!KID.matcher(kid).matches()) throw new IllegalArgumentException("a kid is 1..64 base64url characters");
            if (logSizeAtT < 0) throw new IllegalArgumentException("negative log size");
        }
    }

    public KeyStatus {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(published, "published");
        new Checkpoint(origin, 0, new byte[Merkle.HASH]); // the same rule for the origin as the checkpoint's
        List<Compromise> sorted = new ArrayList<>(compromised);
        sorted.sort(Comparator.comparing(Compromise::kid));
        for (int i = 1; i < sorted.size(); i++)
            if (sorted.get(i).kid().equals(sorted.get(i - 1).kid()))
                throw new IllegalArgumentException("key " + sorted.get(i).kid() + " is listed twice");
        compromised = List.copyOf(sorted);
    }

    public static KeyStatus empty(String origin, Instant published) {
        return new KeyStatus(origin, published, List.of());
    }

    public Optional<Compromise> find(String kid) {
        return compromised.stream().filter(c -> c.kid().equals(kid)).findFirst();
    }

    /**
     * This document with {@code c} added, published at {@code at}. A key already listed keeps the earlier
     * of the two marks (the smaller time and size): a mark can move back, never forward, so re-running a
     * compromise never lets a label signed after the first T back in.
     */
    public KeyStatus with(Compromise c, Instant at) {
        List<Compromise> out = new ArrayList<>();
        Compromise merged = c;
        for (Compromise old : compromised) {
            if (!old.kid().equals(c.kid())) out.add(old);
            else
                merged = old.compromisedAt().isBefore(c.compromisedAt())
                        ? old
                        : new Compromise(c.kid(), c.compromisedAt(), Math.min(c.logSizeAtT(), old.logSizeAtT()));
        }
        out.add(merged);
        return new KeyStatus(origin, at, out);
    }

    public String body() {
        StringBuilder b = new StringBuilder();
        b.append(HEADER)
                .append('\n')
                .append(origin)
                .append('\n')
                .append(published)
                .append('\n');
        for (Compromise c : compromised)
            b.append("compromised ")
                    .append(c.kid())
                    .append(' ')
                    .append(c.compromisedAt())
                    .append(' ')
                    .append(c.logSizeAtT())
                    .append('\n');
        return b.toString();
    }

    /** The signed note, signed with the log key. */
    public String sign(LogKey key) {
        if (!key.name().equals(origin)) throw new IllegalArgumentException("the log key is of origin " + key.name());
        return key.signNote(body());
    }

    /** Parses a body; refuses anything that is not exactly what {@link #body} writes. */
    public static KeyStatus parse(String body) {
        String[] lines = body.split("\n", -1);
        if (lines.length < 4 || !lines[lines.length - 1].isEmpty() || !lines[0].equals(HEADER))
            throw new IllegalArgumentException("not a key-status document (first line " + HEADER + ")");
        List<Compromise> list = new ArrayList<>();
        try {
            Instant published = Instant.parse(lines[2]);
            for (int i = 3; i < lines.length - 1; i++) {
                String[] f = lines[i].split(" ", -1);
                if (f.length != 4
                        || !f[0].equals("compromised")
                        || !SIZE.matcher(f[3]).matches())
                    throw new IllegalArgumentException("bad line " + (i + 1) + " in the key-status document");
                list.add(new Compromise(f[1], Instant.parse(f[2]), Long.parseLong(f[3])));
            }
            KeyStatus s = new KeyStatus(lines[1], published, list);
            if (!s.body().equals(body)) throw new IllegalArgumentException("not a canonical key-status document");
            return s;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time in the key-status document");
        }
    }

    /**
     * The document in {@code note}, its signature verified with the log's verifier key and its origin that
     * key's; {@link LogVerificationException} for anything else (the caller then fails closed).
     */
    public static KeyStatus open(NoteVerifier logKey, String note) {
        String body = logKey.verifiedBody(note, "key-status document");
        KeyStatus s;
        try {
            s = parse(body);
        } catch (IllegalArgumentException e) {
            throw new LogVerificationException("signed, but not a key-status document: " + e.getMessage());
        }
        if (!s.origin().equals(logKey.name()))
            throw new LogVerificationException("the key-status document is of another log: " + s.origin());
        return s;
    }

    public static KeyStatus open(NoteVerifier logKey, byte[] note) {
        return open(logKey, new String(note, StandardCharsets.UTF_8));
    }
}

package jp.jcstar.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A C2SP {@code tlog-checkpoint}: the origin line, the tree size in decimal, the base64 root hash, each
 * ended by a newline. This is the body of a signed note ({@link LogKey}, {@link NoteVerifier}); it carries
 * no extension lines.
 */
public record Checkpoint(String origin, long size, byte[] root) {
    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(root, "root");
        if (origin.isEmpty() || origin.contains("\n") || !origin.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("an origin is one line of printable ASCII without spaces");
        }
        if (size < 0) throw new IllegalArgumentException("negative tree size");
        if (root.length != Merkle.HASH) throw new IllegalArgumentException("a root hash is 32 bytes");
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    public String body() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** Parses a checkpoint body; refuses anything that is not exactly the three lines this log writes. */
    public static Checkpoint parse(String body) {
        String[] lines = body.split("\n", -1);
        if (lines.length != 4 || !lines[3].isEmpty())
            throw new IllegalArgumentException("a checkpoint has three lines");
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) throw new IllegalArgumentException("bad tree size in checkpoint");
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad root hash in checkpoint");
        }
        Checkpoint c = new Checkpoint(lines[0], Long.parseLong(lines[1]), root);
        if (!c.body().equals(body)) throw new IllegalArgumentException("not a canonical checkpoint");
        return c;
    }

    public byte[] bodyBytes() {
        return body().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.root, root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(root));
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", " + size + ", " + Base64.getEncoder().encodeToString(root) + "]";
    }
}

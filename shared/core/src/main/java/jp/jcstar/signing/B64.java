package jp.jcstar.signing;

import java.util.Base64;

/** Strict base64url (RFC 4648 §5) without padding, as JWS uses it. */
public final class B64 {
    private B64() {}

    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    public static String encode(byte[] bytes) {
        return ENC.encodeToString(bytes);
    }

    /**
     * Decodes, refusing padding, characters outside the alphabet and non-canonical encodings
     * (stray low bits in the last character), so each byte string has exactly one accepted text.
     *
     * @throws IllegalArgumentException on any defect
     */
    public static byte[] decode(String s) {
        int n = s.length();
        if (n % 4 == 1) throw new IllegalArgumentException("impossible base64url length");
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) throw new IllegalArgumentException("character outside base64url at " + i);
        }
        byte[] out = DEC.decode(s);
        if (n % 4 != 0) {
            // the last character's unused low bits must be zero
            int last = indexOf(s.charAt(n - 1));
            int unusedBits = n % 4 == 2 ? 4 : 2;
            if ((last & ((1 << unusedBits) - 1)) != 0) throw new IllegalArgumentException("non-canonical base64url");
        }
        return out;
    }

    private static int indexOf(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        return c == '-' ? 62 : 63;
    }
}

package jp.jcstar.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent check of an AWS Signature Version 4 {@code Authorization} header, written from the
 * published algorithm (canonical request → string to sign → HMAC key chain), so tests can tell whether
 * what a client sent would be accepted, without trusting the SDK that signed it. Checked itself against
 * AWS's published example (IAM ListUsers, in
 * {@code ExecuteApiSignerTest#theIndependentCheckerAcceptsAwsPublishedExampleAndNothingElse}). Covers what our clients send: header-based
 * signatures, path segments of unreserved characters, query strings, any payload.
 */
public final class SigV4Check {
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})");

    /** What a valid header says. */
    public record Signed(String accessKey, String date, String region, String service, List<String> signedHeaders) {}

    private SigV4Check() {}

    /**
     * Checks the request's {@code Authorization} header against {@code secret}.
     *
     * @param headers every header received, any case (multiple values joined with commas)
     * @return what it signed
     * @throws AssertionError saying what is wrong if the signature does not match
     */
    public static Signed check(
            String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body, String secret) {
        Map<String, String> h = new TreeMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        String auth = h.get("authorization");
        if (auth == null) throw new AssertionError("no Authorization header");
        Matcher m = AUTH.matcher(auth);
        if (!m.matches()) throw new AssertionError("not a SigV4 Authorization header: " + auth);
        String amzDate = h.get("x-amz-date");
        if (amzDate == null || !amzDate.startsWith(m.group(2)))
            throw new AssertionError("X-Amz-Date missing or not on the credential's date: " + amzDate);
        List<String> signed = List.of(m.group(5).split(";"));
        if (!signed.contains("host") || !signed.contains("x-amz-date"))
            throw new AssertionError("host and x-amz-date must be signed: " + signed);

        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signed) {
            String v = h.get(name);
            if (v == null) throw new AssertionError("signed header " + name + " was not sent");
            canonicalHeaders
                    .append(name)
                    .append(':')
                    .append(v.strip().replaceAll(" +", " "))
                    .append('\n');
        }
        String payloadHash = hex(sha256(body));
        String declared = h.get("x-amz-content-sha256");
        if (declared != null && !declared.equals(payloadHash)) {
            throw new AssertionError("X-Amz-Content-Sha256 " + declared + " is not the hash of the body received");
        }
        String canonicalRequest = method + "\n" + canonicalPath(rawPath) + "\n" + canonicalQuery(rawQuery) + "\n"
                + canonicalHeaders + "\n" + m.group(5) + "\n" + payloadHash;
        String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), m.group(2));
        key = hmac(key, m.group(3));
        key = hmac(key, m.group(4));
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, toSign));
        if (!expected.equals(m.group(6))) {
            throw new AssertionError("signature does not match; canonical request was:\n" + canonicalRequest);
        }
        return new Signed(m.group(1), m.group(2), m.group(3), m.group(4), signed);
    }

    /** Each segment URI-encoded again (SigV4 for every service but S3 encodes the already-encoded path twice). */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) return "/";
        List<String> out = new ArrayList<>();
        for (String seg : rawPath.split("/", -1)) out.add(encode(seg));
        return String.join("/", out);
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return "";
        TreeMap<String, List<String>> params = new TreeMap<>();
        for (String p : rawQuery.split("&")) {
            int eq = p.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(encode(k), x -> new ArrayList<>()).add(encode(v));
        }
        List<String> out = new ArrayList<>();
        params.forEach((k, vs) -> vs.stream().sorted().forEach(v -> out.add(k + "=" + v)));
        return String.join("&", out);
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                b.append(c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0] : data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}

package jp.jcstar.signing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import jp.jcstar.json.Json;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;

/**
 * Makes the compact JWS of a label: header {@code {"alg":"ES256","kid":…}} (plus {@code "zip":"DEF"}
 * when the payload is raw-DEFLATE compressed, as SMART Health Cards do), the format-1 payload, and the
 * signer's ES256 signature. Thread-safe if the signer is.
 */
public final class LabelSigner {
    /**
     * Whether issued labels compress their payload. Chosen by measurement (docs/label-format.md, QR
     * version table): whichever gives the smaller QR code for a typical Japanese label.
     */
    public static final boolean DEFAULT_DEFLATE = true;

    private final Signer signer;
    private final boolean deflate;
    private final String headerB64;

    /**
     * @param deflate compress the payload (header {@code zip: DEF}); see docs/label-format.md for when
     *                that makes the QR code smaller
     */
    public LabelSigner(Signer signer, boolean deflate) {
        this.signer = signer;
        this.deflate = deflate;
        this.headerB64 = B64.encode(header(signer.keyId(), deflate));
    }

    /**
     * The exact header bytes this class writes for {@code kid}: {@code {"alg":"ES256","kid":…}} and,
     * when deflated, {@code ,"zip":"DEF"}. The QR text's compact-header form rebuilds them from the kid.
     */
    public static byte[] header(String kid, boolean deflate) {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        h.put("alg", "ES256");
        h.put("kid", kid);
        if (deflate) h.put("zip", "DEF");
        return Json.write(h);
    }

    public String keyId() {
        return signer.keyId();
    }

    public String sign(LabelClaims claims) {
        byte[] payload = LabelCodec.encode(claims);
        if (deflate) payload = deflateRaw(payload);
        String signingInput = headerB64 + "." + B64.encode(payload);
        byte[] sig = signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encode(sig);
    }

    /** One deflater per thread, reset between labels: creating one costs more than compressing a label. */
    private static final ThreadLocal<Deflater> DEFLATER =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_COMPRESSION, true));

    static byte[] deflateRaw(byte[] in) {
        Deflater d = DEFLATER.get();
        d.reset();
        d.setInput(in);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        byte[] buf = new byte[512];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        return out.toByteArray();
    }
}

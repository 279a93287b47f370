package jp.jcstar.qr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.QRCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.StatusRef;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import org.junit.jupiter.api.Test;

/**
 * The fixed-segment path of {@link QrCodes} ({@code com.google.zxing.qrcode.encoder.FixedSegmentEncoder})
 * against ZXing's minimal encoder ({@code QR_COMPACT}): never a larger version, and where the version is
 * the same (every case here) the very same symbol, mask choice included — so the same bits — and the
 * printed code scans back to its text.
 */
class FixedSegmentEncoderTest {
    static final LocalKeySigner KEY = LocalKeySigner.generate();
    static final List<String> SITES = List.of(
            "https://jcstar.example.jp",
            "https://a.jp",
            "http://localhost:8080",
            "https://registry.jc-star.ipa.go.jp",
            "HTTPS://X.EXAMPLE.COM/");

    /** Issued label texts of both forms, with and without DEFLATE, from 1 to 20 models (versions ≈ 10–35). */
    static List<String> labelTexts() {
        List<String> out = new ArrayList<>();
        Random r = new Random(7);
        int i = 0;
        for (String site : SITES) {
            for (boolean deflate : new boolean[] {false, true}) {
                LabelSigner signer = new LabelSigner(KEY, deflate);
                for (int models : new int[] {1, 3, 8, 20}) {
                    String jws = signer.sign(claims(r, models, i++));
                    out.add(QrText.ofCompactHeader(site, jws));
                    out.add(QrText.of(site, jws));
                }
            }
        }
        return out;
    }

    static LabelClaims claims(Random r, int models, int index) {
        LabelClaims t = Fixtures.typicalJapanese();
        String alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-";
        List<String> m = new ArrayList<>();
        for (int k = 0; k < models; k++) {
            StringBuilder sb = new StringBuilder("M").append(k);
            for (int j = 0, n = 4 + r.nextInt(30); j < n; j++) sb.append(alnum.charAt(r.nextInt(alnum.length())));
            m.add(sb.toString());
        }
        return new LabelClaims(
                String.format(Locale.ROOT, "JC26-%08X", r.nextInt() & 0x7fffffff)
                        .substring(0, 13),
                1 + r.nextInt(4),
                m,
                t.product(),
                t.vendor(),
                t.category(),
                t.supportEnd(),
                t.issuedAt(),
                t.validUntil(),
                new StatusRef(1, index));
    }

    @Test
    void labelTextsGetZxingsVersionAndSymbolAtEveryLevel() {
        List<String> texts = labelTexts();
        for (String text : texts) {
            for (ErrorCorrectionLevel level :
                    List.of(ErrorCorrectionLevel.M, ErrorCorrectionLevel.Q, ErrorCorrectionLevel.H)) {
                QRCode zxing;
                try {
                    zxing = QrCodes.zxing(text, level, true, 0);
                } catch (QrCodes.TooLargeException e) {
                    continue; // too large at Q/H for ZXing as well
                }
                QRCode fixed = QrCodes.fixedSegments(text, level, 0);
                assertNotNull(fixed, text);
                assertEquals(
                        zxing.getVersion().getVersionNumber(),
                        fixed.getVersion().getVersionNumber(),
                        level + " " + text);
                assertArrayEquals(
                        zxing.getMatrix().getArray(),
                        fixed.getMatrix().getArray(),
                        "same bits, same symbol: " + level + " " + text);
            }
        }
        // the mask choice too, against ZXing's own eight-build search (level M, a sample)
        for (int i = 0; i < texts.size(); i += 5) {
            String text = texts.get(i);
            QRCode zxing = QrCodes.zxing(text, ErrorCorrectionLevel.M, true, -1);
            MaskChooser.Choice ours = QrCodes.choose(text, ErrorCorrectionLevel.M);
            assertEquals(zxing.getMaskPattern(), ours.mask(), text);
            assertArrayEquals(flat(zxing), ours.modules());
            assertEquals(zxing.getVersion().getVersionNumber(), QrCodes.version(text));
        }
    }

    /** Numeric parts of every length class across the version ranges 1–9, 10–26 and 27–40 (count fields of 10, 12, 14 bits). */
    @Test
    void versionIsNeverLargerThanTheMinimalEncodersAcrossAllVersionRanges() {
        Random r = new Random(11);
        int compared = 0;
        for (String prefix : List.of("HTTPS://JCSTAR.EXAMPLE.JP/", "HTTP://LOCALHOST:8080/", "HTTPS://A.JP/")) {
            for (int digits = QrCodes.FIXED_MIN_DIGITS; digits < 3600; digits += 1 + r.nextInt(23)) {
                StringBuilder sb = new StringBuilder(prefix).append("v#");
                for (int j = 0; j < digits; j++) sb.append((char) ('0' + r.nextInt(10)));
                String text = sb.toString();
                QRCode fixed = QrCodes.fixedSegments(text, ErrorCorrectionLevel.M, 0);
                QRCode zxing = QrCodes.zxing(text, ErrorCorrectionLevel.M, true, 0);
                assertNotNull(fixed);
                assertTrue(
                        fixed.getVersion().getVersionNumber()
                                <= zxing.getVersion().getVersionNumber(),
                        text);
                if (fixed.getVersion() == zxing.getVersion()) {
                    assertArrayEquals(
                            zxing.getMatrix().getArray(), fixed.getMatrix().getArray(), text);
                    compared++;
                }
            }
        }
        assertTrue(compared > 400, "compared " + compared);
    }

    @Test
    void issuedCodesOfBothFormsScanBackToTheirText() {
        List<String> texts = labelTexts();
        for (int i = 0; i < texts.size(); i += 2) {
            String text = texts.get(i);
            byte[] png = QrCodes.png(QrCodes.encode(text));
            assertEquals(text, QrScan.pure(png));
        }
    }

    @Test
    void otherTextsTakeZxingsPath() {
        ErrorCorrectionLevel m = ErrorCorrectionLevel.M;
        String jws = new LabelSigner(KEY, true).sign(Fixtures.typicalJapanese());
        assertNull(QrCodes.fixedSegments(QrText.plain("https://jcstar.example.jp", jws), m, 0), "plain JWS after #");
        assertNull(
                QrCodes.fixedSegments(QrText.of("https://jcstar.example.jp/registry", jws), m, 0), "lower-case path");
        assertNull(QrCodes.fixedSegments("HTTPS://A.JP/v#", m, 0), "no digits");
        assertNull(
                QrCodes.fixedSegments("HTTPS://A.JP/v#" + "1".repeat(QrCodes.FIXED_MIN_DIGITS - 1), m, 0),
                "few digits");
        assertNull(QrCodes.fixedSegments("HTTPS://A.JP/x#" + "1".repeat(40), m, 0), "not v#");
        assertNull(QrCodes.fixedSegments("v#" + "1".repeat(40), m, 0), "no URL");
        assertNull(QrCodes.fixedSegments("HTTPS://A.JP/v#12#" + "1".repeat(40), m, 0), "second #");
        for (String text : List.of(
                QrText.plain("https://jcstar.example.jp", jws), QrText.of("https://jcstar.example.jp/registry", jws))) {
            BitMatrix symbol = QrCodes.encode(text);
            assertEquals(text, QrScan.pure(QrCodes.png(symbol)));
            assertEquals(QrCodes.zxing(text, m, true, 0).getVersion().getVersionNumber(), QrCodes.version(text));
        }
    }

    @Test
    void flatMatricesMatchForMaskChooser() {
        // MaskChooser starts from the mask-0 build: the fixed path's must equal ZXing's module by module
        String text = QrText.ofCompactHeader(
                "https://jcstar.example.jp", new LabelSigner(KEY, true).sign(Fixtures.typicalJapanese()));
        QRCode fixed = QrCodes.fixedSegments(text, ErrorCorrectionLevel.M, 0);
        QRCode zxing = QrCodes.zxing(text, ErrorCorrectionLevel.M, true, 0);
        assertArrayEquals(zxing.getMatrix().getArray(), fixed.getMatrix().getArray());
        assertEquals(0, fixed.getMaskPattern());
    }

    private static byte[] flat(QRCode q) {
        byte[][] a = q.getMatrix().getArray();
        int n = a.length;
        byte[] out = new byte[n * n];
        for (int y = 0; y < n; y++) System.arraycopy(a[y], 0, out, y * n, n);
        return out;
    }
}

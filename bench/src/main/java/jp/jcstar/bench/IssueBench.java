package jp.jcstar.bench;

import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.StatusRef;
import jp.jcstar.qr.LegacyQr;
import jp.jcstar.qr.QrCodes;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issuance of one typical label (Japanese vendor and product, three models): sign, QR text, QR symbol,
 * PNG. Target: at least 1,000 labels/s on one core. {@code issueWithZxingMaskSearch} is the same path
 * with ZXing's own eight-build mask search instead of {@code QrCodes}' one-build choice (same mask,
 * same symbol), {@code issueLegacy} the path before the fixed-segment encoder and the direct PNG writer
 * ({@link LegacyQr}); the {@code part*} benchmarks split the cost. CPU time per op, before and after in
 * one run: {@link IssueCpu}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IssueBench {
    static final String SITE = "https://jcstar.example.jp";
    LabelSigner signer;
    LabelClaims claims;
    String qrText;
    BitMatrix symbol;
    final AtomicInteger n = new AtomicInteger();

    @Setup
    public void setup() {
        signer = new LabelSigner(LocalKeySigner.generate(), true);
        claims = typical(0);
        qrText = QrText.ofCompactHeader(SITE, signer.sign(claims));
        symbol = QrCodes.encode(qrText);
    }

    static LabelClaims typical(int i) {
        Instant issued = Instant.parse("2026-04-01T00:00:00Z");
        return new LabelClaims(
                "JC26-4F7K2M9Q",
                1,
                List.of("SC-300", "SC-300W", "SC-300B"),
                "スマートホームカメラ SC-300",
                "株式会社サクラ電機",
                "camera",
                LocalDate.parse("2031-03-31"),
                issued,
                issued.plus(LabelClaims.MAX_VALIDITY),
                new StatusRef(1, i & 0x1ffff));
    }

    @Benchmark
    public byte[] issue() {
        String jws = signer.sign(typical(n.incrementAndGet()));
        return QrCodes.png(QrCodes.encode(QrText.ofCompactHeader(SITE, jws)));
    }

    /** Before the fixed-segment encoder and the direct PNG writer ({@link LegacyQr}), for the same-run comparison. */
    @Benchmark
    public byte[] issueLegacy() {
        String jws = signer.sign(typical(n.incrementAndGet()));
        return LegacyQr.png(LegacyQr.encode(QrText.ofCompactHeader(SITE, jws)));
    }

    @Benchmark
    public byte[] issueWithZxingMaskSearch() throws Exception {
        String jws = signer.sign(typical(n.incrementAndGet()));
        return QrCodes.png(zxingSymbol(QrText.ofCompactHeader(SITE, jws)));
    }

    @Benchmark
    public String partSign() {
        return signer.sign(typical(n.incrementAndGet()));
    }

    @Benchmark
    public BitMatrix partQrOneBuildMask() {
        return QrCodes.encode(qrText);
    }

    @Benchmark
    public BitMatrix partQrLegacy() {
        return LegacyQr.encode(qrText);
    }

    @Benchmark
    public BitMatrix partQrZxingMaskSearch() throws Exception {
        return zxingSymbol(qrText);
    }

    @Benchmark
    public byte[] partPng() {
        return QrCodes.png(symbol);
    }

    @Benchmark
    public byte[] partPngImageIo() {
        return LegacyQr.png(symbol);
    }

    @Benchmark
    public String partSvg() {
        return QrCodes.svg(symbol);
    }

    static BitMatrix zxingSymbol(String text) throws Exception {
        ByteMatrix m = Encoder.encode(text, ErrorCorrectionLevel.M, Map.of(EncodeHintType.QR_COMPACT, true))
                .getMatrix();
        int q = QrCodes.QUIET_ZONE;
        BitMatrix out = new BitMatrix(m.getWidth() + 2 * q);
        for (int y = 0; y < m.getHeight(); y++)
            for (int x = 0; x < m.getWidth(); x++) if (m.get(x, y) == 1) out.set(x + q, y + q);
        return out;
    }
}

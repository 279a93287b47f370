package jp.jcstar.bench;

import com.google.zxing.common.BitMatrix;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.qr.LegacyQr;
import jp.jcstar.qr.QrCodes;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;

/**
 * CPU time per operation of issuance, before ({@link LegacyQr}: minimal encoder + ImageIO) and after
 * (fixed segments + direct PNG), with bare JCA ES256 signing as the yardstick, all in one JVM and one
 * thread: rounds interleave the operations so each sees the same machine load; per operation the median
 * over rounds of {@code ThreadMXBean.getCurrentThreadCpuTime} per op. On a loaded box CPU time is
 * inflated far less than wall time (JMH throughput). Run:
 * {@code java -cp bench/target/benchmarks.jar jp.jcstar.bench.IssueCpu [rounds] [opsPerRound]}.
 */
@SuppressForbidden("a benchmark prints its results")
public final class IssueCpu {
    private IssueCpu() {}

    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        LabelSigner signer = new LabelSigner(LocalKeySigner.generate(), true);
        String jws = signer.sign(IssueBench.typical(0));
        String text = QrText.ofCompactHeader(IssueBench.SITE, jws);
        BitMatrix symbol = QrCodes.encode(text);
        if (!symbol.equals(LegacyQr.encode(text))) throw new AssertionError("new and legacy symbols differ");

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        byte[] signingInput = jws.substring(0, jws.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);

        Map<String, IntFunction<Object>> ops0 = new LinkedHashMap<>();
        ops0.put("bareEcdsaSign (JCA SHA256withECDSAinP1363Format)", i -> {
            try {
                Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
                s.initSign(kp.getPrivate());
                s.update(signingInput);
                return s.sign();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ops0.put(
                "issue BEFORE (sign + text + minimal encoder + ImageIO PNG)",
                i -> LegacyQr.png(
                        LegacyQr.encode(QrText.ofCompactHeader(IssueBench.SITE, signer.sign(IssueBench.typical(i))))));
        ops0.put(
                "issue AFTER (sign + text + fixed segments + direct PNG)",
                i -> QrCodes.png(
                        QrCodes.encode(QrText.ofCompactHeader(IssueBench.SITE, signer.sign(IssueBench.typical(i))))));
        ops0.put("partSign (LabelSigner.sign)", i -> signer.sign(IssueBench.typical(i)));
        ops0.put("partQrText (QrText.ofCompactHeader)", i -> QrText.ofCompactHeader(IssueBench.SITE, jws));
        ops0.put("partQr BEFORE (minimal encoder + MaskChooser)", i -> LegacyQr.encode(text));
        ops0.put("partQr AFTER (fixed segments + MaskChooser)", i -> QrCodes.encode(text));
        ops0.put("partPng BEFORE (ImageIO)", i -> LegacyQr.png(symbol));
        ops0.put("partPng AFTER (direct, deflate level 1)", i -> QrCodes.png(symbol));

        List<String> names = new ArrayList<>(ops0.keySet());
        double[][] cpu = new double[names.size()][rounds];
        double[][] wall = new double[names.size()][rounds];
        int seq = 1;
        // warm-up: JIT all paths
        for (int w = 0; w < 3; w++)
            for (IntFunction<Object> f : ops0.values()) for (int i = 0; i < ops; i++) sink = f.apply(seq++);
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < names.size(); k++) {
                IntFunction<Object> f = ops0.get(names.get(k));
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < ops; i++) sink = f.apply(seq++);
                wall[k][r] = (System.nanoTime() - t0) / 1e3 / ops;
                cpu[k][r] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / ops;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%d rounds x %d ops, PNG %d bytes after / %d before, QR version %d%n",
                rounds,
                ops,
                QrCodes.png(symbol).length,
                LegacyQr.png(symbol).length,
                QrCodes.version(text));
        System.out.println("| operation | CPU µs/op median | CPU µs/op min–max | wall µs/op median |");
        System.out.println("|---|---|---|---|");
        double[] med = new double[names.size()];
        for (int k = 0; k < names.size(); k++) {
            med[k] = median(cpu[k]);
            double[] s = cpu[k].clone();
            Arrays.sort(s);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.0f | %.0f–%.0f | %.0f |%n",
                    names.get(k),
                    med[k],
                    s[0],
                    s[s.length - 1],
                    median(wall[k]));
        }
        System.out.printf(
                Locale.ROOT,
                "issue AFTER / bare ECDSA sign = %.2f; issue BEFORE / AFTER = %.2f; AFTER labels/s per core (CPU) = %.0f%n",
                med[2] / med[0],
                med[1] / med[2],
                1e6 / med[2]);
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) ratio[r] = cpu[1][r] / cpu[2][r];
        System.out.printf(
                Locale.ROOT, "per-round BEFORE/AFTER ratio: median %.2f, rounds %s%n", median(ratio), fmt(ratio));
        for (int r = 0; r < rounds; r++) ratio[r] = cpu[2][r] / cpu[0][r];
        System.out.printf(
                Locale.ROOT, "per-round AFTER/bare-ECDSA ratio: median %.2f, rounds %s%n", median(ratio), fmt(ratio));
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String fmt(double[] a) {
        StringBuilder sb = new StringBuilder();
        for (double d : a) sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.2f", d));
        return sb.toString();
    }
}

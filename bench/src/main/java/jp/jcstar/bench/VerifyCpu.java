package jp.jcstar.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.*;
import java.util.Locale;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.*;
import jp.jcstar.verify.*;

/**
 * Verify path vs bare JCA ECDSA verify, CPU time per op ({@code ThreadMXBean}), interleaved rounds in one JVM:
 * {@code java -cp bench/target/benchmarks.jar jp.jcstar.bench.VerifyCpu ROUNDS OPS}. Steadier than JMH
 * throughput on a shared 2-core machine.
 */
@SuppressForbidden("a benchmark prints its results")
public final class VerifyCpu {
    public static void main(String[] a) throws Exception {
        var mx = ManagementFactory.getThreadMXBean();
        LocalKeySigner signer = LocalKeySigner.generate();
        String jws = new LabelSigner(signer, true).sign(IssueBench.typical(48213));
        String qr = QrText.ofCompactHeader(IssueBench.SITE, jws);
        LabelVerifier v = new LabelVerifier(KeySet.of(signer.publicKey()));
        int d2 = jws.lastIndexOf('.');
        byte[] in = jws.substring(0, d2).getBytes(StandardCharsets.US_ASCII);
        byte[] sig = B64.decode(jws.substring(d2 + 1));
        int N = Integer.parseInt(a[1]);
        int R = Integer.parseInt(a[0]);
        List<Double> bare = new ArrayList<>(), q = new ArrayList<>(), j = new ArrayList<>();
        for (int r = 0; r < R; r++) {
            long t = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < N; i++) {
                Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
                s.initVerify(signer.publicKey());
                s.update(in);
                if (!s.verify(sig)) throw new Error();
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < N; i++) if (!(v.verify(qr) instanceof Verification.Verified)) throw new Error();
            long t2 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < N; i++) if (!(v.verify(jws) instanceof Verification.Verified)) throw new Error();
            long t3 = mx.getCurrentThreadCpuTime();
            if (r > 0) {
                bare.add((t1 - t) / 1e3 / N);
                q.add((t2 - t1) / 1e3 / N);
                j.add((t3 - t2) / 1e3 / N);
            }
        }
        Collections.sort(bare);
        Collections.sort(q);
        Collections.sort(j);
        double mb = bare.get(bare.size() / 2), mq = q.get(q.size() / 2), mj = j.get(j.size() / 2);
        System.out.printf(
                Locale.ROOT,
                "CPU us/op median: bare %.0f, verify(QR text) %.0f, verify(JWS) %.0f; throughput ratio QR %.2f, JWS %.2f%n",
                mb,
                mq,
                mj,
                mb / mq,
                mb / mj);
    }
}

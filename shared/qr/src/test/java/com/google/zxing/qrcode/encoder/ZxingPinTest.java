package com.google.zxing.qrcode.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.WriterException;
import com.google.zxing.common.BitArray;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Mode;
import com.google.zxing.qrcode.decoder.Version;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * {@link FixedSegmentEncoder} lives in ZXing's package and calls ZXing internals that are package-private, so no
 * API promise covers them: a new ZXing may change them without notice. This test fails when the ZXing on the class
 * path is not the one the encoder was written against (read from the jar itself: its manifest and its Maven
 * pom.properties), and when one of the internals it calls no longer has the signature it calls. On a ZXing upgrade:
 * re-read the encoder against the new sources, run the QR tests, then change {@link #WRITTEN_AGAINST} and
 * {@code zxing.version} in the root pom together.
 */
class ZxingPinTest {
    /** The ZXing release FixedSegmentEncoder was written and checked against (the root pom's zxing.version). */
    static final String WRITTEN_AGAINST = "3.5.4";

    @Test
    void zxingOnTheClassPathIsTheVersionTheEncoderWasWrittenAgainst() throws IOException, URISyntaxException {
        Path jar = Path.of(Encoder.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        try (JarFile zxing = new JarFile(jar.toFile())) {
            var main = zxing.getManifest().getMainAttributes();
            assertEquals("com.google.zxing.core", main.getValue("Bundle-SymbolicName"), jar.toString());
            assertEquals(WRITTEN_AGAINST, main.getValue("Bundle-Version"), jar + ": manifest Bundle-Version");
            ZipEntry pom = zxing.getEntry("META-INF/maven/com.google.zxing/core/pom.properties");
            Properties p = new Properties();
            try (InputStream in = zxing.getInputStream(pom)) {
                p.load(in);
            }
            assertEquals(WRITTEN_AGAINST, p.getProperty("version"), jar + ": pom.properties version");
        }
    }

    /** Every package-private ZXing method FixedSegmentEncoder calls, with the signature it calls. */
    @Test
    void theInternalsTheEncoderCallsKeepTheirSignatures() throws NoSuchMethodException {
        List<Expected> calls = List.of(
                new Expected(Encoder.class, "appendModeInfo", void.class, Mode.class, BitArray.class),
                new Expected(
                        Encoder.class,
                        "appendLengthInfo",
                        void.class,
                        int.class,
                        Version.class,
                        Mode.class,
                        BitArray.class),
                new Expected(Encoder.class, "appendAlphanumericBytes", void.class, CharSequence.class, BitArray.class),
                new Expected(Encoder.class, "appendNumericBytes", void.class, CharSequence.class, BitArray.class),
                new Expected(Encoder.class, "terminateBits", void.class, int.class, BitArray.class),
                new Expected(
                        Encoder.class, "willFit", boolean.class, int.class, Version.class, ErrorCorrectionLevel.class),
                new Expected(
                        Encoder.class,
                        "getNumDataBytesAndNumECBytesForBlockID",
                        void.class,
                        int.class,
                        int.class,
                        int.class,
                        int.class,
                        int[].class,
                        int[].class),
                new Expected(
                        MatrixUtil.class,
                        "buildMatrix",
                        void.class,
                        BitArray.class,
                        ErrorCorrectionLevel.class,
                        Version.class,
                        int.class,
                        ByteMatrix.class));
        for (Expected e : calls) {
            Method m = e.owner().getDeclaredMethod(e.name(), e.parameters());
            String where = e.owner().getSimpleName() + "." + e.name();
            assertEquals(e.returns(), m.getReturnType(), where + " return type");
            assertTrue(Modifier.isStatic(m.getModifiers()), where + " is static");
            assertFalse(Modifier.isPrivate(m.getModifiers()), where + " is reachable from the package");
            for (Class<?> thrown : m.getExceptionTypes())
                assertTrue(thrown == WriterException.class, where + " throws " + thrown.getName());
        }
        // the QRCode and ByteMatrix members it uses to build the symbol (public; getMethod throws when one is gone)
        List<Method> setters = List.of(
                QRCode.class.getMethod("setECLevel", ErrorCorrectionLevel.class),
                QRCode.class.getMethod("setMode", Mode.class),
                QRCode.class.getMethod("setVersion", Version.class),
                QRCode.class.getMethod("setMaskPattern", int.class),
                QRCode.class.getMethod("setMatrix", ByteMatrix.class));
        for (Method m : setters) assertEquals(void.class, m.getReturnType(), m.toString());
        assertEquals(2, ByteMatrix.class.getConstructor(int.class, int.class).getParameterCount());
    }

    private record Expected(Class<?> owner, String name, Class<?> returns, Class<?>... parameters) {}
}

package com.google.zxing.qrcode.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import jp.jcstar.label.Fixtures;
import jp.jcstar.qr.QrCodes;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import org.junit.jupiter.api.Test;

/**
 * Lives in ZXing's package to read the segments of its (package-private) minimal encoder: the label
 * text must go as alphanumeric (upper-cased URL) + byte ({@code v#}) + numeric (the digits).
 */
class MixedModeSegmentsTest {
    @Test
    void qrCompactSplitsTheLabelTextIntoAlphanumericByteAndNumericSegments() throws Exception {
        String jws = new LabelSigner(LocalKeySigner.generate(), false).sign(Fixtures.typicalJapanese());
        String text = QrText.of("https://jcstar.example.jp", jws);
        String segments = MinimalEncoder.encode(text, null, null, false, ErrorCorrectionLevel.M)
                .toString();
        String digits = text.substring(text.indexOf('#') + 1);
        assertEquals("ALPHANUMERIC(HTTPS://JCSTAR.EXAMPLE.JP/),BYTE(v#),NUMERIC(" + digits + ")", segments);
        assertTrue(QrCodes.version(text, ErrorCorrectionLevel.M, true)
                < QrCodes.version(text, ErrorCorrectionLevel.M, false));
    }
}

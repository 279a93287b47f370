package jp.jcstar.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

class LabelArtworkTest {
    static final LocalKeySigner KEY = LocalKeySigner.generate();

    static LabelClaims with(int level, String vendor) {
        LabelClaims t = Fixtures.typicalJapanese();
        return new LabelClaims(
                t.id(),
                level,
                t.models(),
                t.product(),
                vendor,
                t.category(),
                t.supportEnd(),
                t.issuedAt(),
                t.validUntil(),
                t.status());
    }

    static String artwork(LabelClaims c) {
        String text = QrText.ofCompactHeader("https://jcstar.example.jp", new LabelSigner(KEY, true).sign(c));
        return LabelArtwork.svg(c, QrCodes.encode(text));
    }

    static Document parse(String svg) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document d) {
        var nodes = d.getElementsByTagName("text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i).getTextContent());
        return out;
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void artworkIsWellFormedSvgWithIdStarsSupportEndAndOneQrPath(int level) throws Exception {
        LabelClaims c = with(level, "株式会社サクラ電機");
        Document d = parse(artwork(c));
        assertEquals("svg", d.getDocumentElement().getLocalName());
        String[] box = d.getDocumentElement().getAttribute("viewBox").split(" ");
        assertTrue(box[0].equals("0") && box[1].equals("0") && Double.parseDouble(box[2]) >= 30, String.join(" ", box));
        List<String> t = texts(d);
        assertTrue(t.contains("JC-STAR"), t.toString());
        assertTrue(t.contains(c.id()), t.toString());
        assertTrue(t.contains("★".repeat(level) + "☆".repeat(4 - level)), t.toString());
        assertTrue(t.contains("IPA 発行") && t.contains("サポート期限 2031-03-31"), t.toString());
        assertEquals(1, d.getElementsByTagName("path").getLength());
    }

    @Test
    void vendorWithMarkupCharactersIsEscapedAndReadsBackVerbatim() throws Exception {
        String vendor = "<script>&\"Tom's\" 電機";
        String svg = artwork(with(1, vendor));
        assertFalse(svg.contains("<script>"));
        assertTrue(texts(parse(svg)).contains(vendor));
    }

    @Test
    void starsRefuseLevelsOutsideOneToFour() {
        assertEquals("★★☆☆", LabelArtwork.stars(2));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> LabelArtwork.stars(5));
    }
}

package jp.jcstar.qr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.StatusRef;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import org.junit.jupiter.api.Test;

/**
 * Which QR encoding of a label gives the smallest symbol (docs/label-format.md §QR size). Rule guarded:
 * the typical label (Japanese vendor and product, three models) fits version 13 at level M with the
 * chosen default, and the default is never larger than an alternative. Prints the table for the docs.
 */
class QrVersionTableTest {
    static final String SITE = "https://jcstar.example.jp";
    static final LocalKeySigner KEY = LocalKeySigner.generate();
    /** The measured winner: numeric form of a DEFLATE-compressed payload, mixed-mode segments. */
    static final Encoding DEFAULT = Encoding.COMPACT_HEADER_DEFLATE;

    enum Encoding {
        PLAIN("plain JWS (byte mode)", 0, false),
        PLAIN_DEFLATE("plain JWS + DEFLATE", 0, true),
        NUMERIC("numeric form 1", 1, false),
        NUMERIC_DEFLATE("numeric form 1 + DEFLATE", 1, true),
        COMPACT_HEADER("numeric form 2 (compact header)", 2, false),
        COMPACT_HEADER_DEFLATE("numeric form 2 (compact header) + DEFLATE", 2, true);

        final String title;
        final int form;
        final boolean deflate;

        Encoding(String title, int form, boolean deflate) {
            this.title = title;
            this.form = form;
            this.deflate = deflate;
        }

        String text(LabelClaims c) {
            String jws = new LabelSigner(KEY, deflate).sign(c);
            return switch (form) {
                case 0 -> QrText.plain(SITE, jws);
                case 1 -> QrText.of(SITE, jws);
                default -> QrText.ofCompactHeader(SITE, jws);
            };
        }
    }

    static LabelClaims shortLabel() {
        LabelClaims t = Fixtures.typicalJapanese();
        return new LabelClaims(
                "JC26-4F7K2M9Q",
                1,
                List.of("R1"),
                "ルータ",
                "ACME",
                "router",
                t.supportEnd(),
                t.issuedAt(),
                t.validUntil(),
                new StatusRef(1, 7));
    }

    /** Limits of LabelClaims: {@code models} of 40 characters, 100-character Japanese product and vendor (3 bytes each in UTF-8). */
    static LabelClaims longest(int models) {
        LabelClaims t = Fixtures.typicalJapanese();
        // pseudo-random text, so DEFLATE finds no more repetition than real names would offer
        java.util.Random r = new java.util.Random(models);
        String alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-";
        List<String> m = IntStream.range(0, models)
                .mapToObj(i -> String.format(Locale.ROOT, "M%02d", i)
                        + r.ints(37, 0, alnum.length())
                                .mapToObj(j -> String.valueOf(alnum.charAt(j)))
                                .reduce("", String::concat))
                .toList();
        String kanji =
                r.ints(100, 0x4E00, 0x4E00 + 2000).mapToObj(Character::toString).reduce("", String::concat);
        String kana = r.ints(100, 0x30A1, 0x30F6).mapToObj(Character::toString).reduce("", String::concat);
        return new LabelClaims(
                "JC26-4F7K2M9Q",
                4,
                m,
                kana,
                kanji,
                "industrial",
                t.supportEnd(),
                t.issuedAt(),
                t.validUntil(),
                new StatusRef(1, 131071));
    }

    /** QR version at M, or 41 when it fits no version. */
    static int version(String text, boolean compact) {
        try {
            return QrCodes.version(text, ErrorCorrectionLevel.M, compact);
        } catch (QrCodes.TooLargeException e) {
            return 41;
        }
    }

    static Map<String, LabelClaims> labels() {
        Map<String, LabelClaims> m = new LinkedHashMap<>();
        m.put("short (1 model, ASCII vendor)", shortLabel());
        m.put("typical (Fixtures.typicalJapanese)", Fixtures.typicalJapanese());
        m.put("longest allowed (20 × 40-char models, 100-char JP product and vendor)", longest(20));
        return m;
    }

    @Test
    void typicalLabelFitsVersion13AtMAndTheDefaultIsNeverLarger() {
        List<String> rows = new ArrayList<>();
        List<Runnable> checks = new ArrayList<>();
        rows.add("| label | encoding | text chars | version, QR_COMPACT off | version, QR_COMPACT on |");
        rows.add("|---|---|---|---|---|");
        for (var e : labels().entrySet()) {
            Map<Encoding, Integer> compact = new LinkedHashMap<>();
            for (Encoding enc : Encoding.values()) {
                String text = enc.text(e.getValue());
                int off = version(text, false);
                int on = version(text, true);
                compact.put(enc, on);
                rows.add("| " + e.getKey() + " | " + enc.title + " | " + text.length() + " | " + show(off) + " | "
                        + show(on) + " |");
            }
            checks.add(() -> {
                for (Encoding enc : Encoding.values()) {
                    assertTrue(
                            compact.get(DEFAULT) <= compact.get(enc),
                            e.getKey() + ": default " + DEFAULT + " larger than " + enc);
                }
                if (e.getValue().equals(Fixtures.typicalJapanese())) {
                    assertTrue(compact.get(DEFAULT) <= 13, "typical label needs version " + compact.get(DEFAULT));
                }
            });
        }
        for (Encoding enc : Encoding.values()) {
            int n = 20;
            while (n > 0 && version(enc.text(longest(n)), true) > 40) n--;
            if (n == 20) continue;
            rows.add("| largest that fits version 40: " + n + " models of 40 chars, JP product/vendor of 100 | "
                    + enc.title + " | " + (n > 0 ? enc.text(longest(n)).length() : 0) + " | | "
                    + (n > 0 ? show(version(enc.text(longest(n)), true)) : "–") + " |");
        }
        System.out.println(String.join("\n", rows));
        checks.forEach(Runnable::run);
    }

    private static String show(int v) {
        return v > 40 ? "does not fit" : Integer.toString(v);
    }
}

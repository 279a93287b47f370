package jp.jcstar.label;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text that looks like something else is refused in every field; model designations have a stricter profile. */
class TextTest {
    @ParameterizedTest(name = "U+{0} is refused in every field")
    @ValueSource(
            strings = {
                "034F", "FE0F", "3164", "115F", "FFA0", "2800", "E000", "2028", "2029", "200B", "00AD", "E0041",
                "F0000", "1D173"
            })
    void invisibleBlankPrivateAndSeparatorCodePointsAreRefused(String hex) {
        String cp = new String(Character.toChars(Integer.parseInt(hex, 16)));
        assertFalse(Text.isCleanLine("SC" + cp + "300", 100), hex);
        assertFalse(Text.isCleanLine("株式会社サクラ" + cp + "電機", 100), hex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0336SC-300", "\u0301"})
    void aCombiningMarkCannotStartAField(String s) {
        assertFalse(Text.isCleanLine(s, 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SC-300", "ＳＣ－３００", "TN-WR5400 (JP)", "カメラ-1", "型式A/B_2.0", "RT#1+&:,'", "ＲＴ－ＢＵＬＫ－１"})
    void ordinaryModelDesignationsPass(String s) {
        assertTrue(Text.isCleanModel(s, 100), s);
        assertTrue(Text.isCleanLine(s, 100), s);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SC-3\u0336\u00300",
                "S\u0336C-300",
                "SС-300" /* Cyrillic С */,
                "SC-300™",
                "SC-①",
                "SC-300\u2605",
                "ΑΒ-1" /* Greek */,
                "SC\u200D300"
            })
    void modelDesignationsRefuseMarksSymbolsAndOtherScripts(String s) {
        assertFalse(Text.isCleanModel(s, 100), s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"株式会社サクラ電機", "Tohto Networks, Inc.", "スマートホームカメラ SC-300 ★", "Café Électronique"})
    void ordinaryNamesPassTheGeneralRule(String s) {
        assertTrue(Text.isCleanLine(s, 100), s);
    }
}

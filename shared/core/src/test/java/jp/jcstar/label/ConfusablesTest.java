package jp.jcstar.label;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfusablesTest {

    @ParameterizedTest
    @CsvSource({
        "SC-300, SC-3OO", // letter O for digit 0
        "SC-300, sc-3oo",
        "SC-300, S\u0421-300", // Cyrillic Es for Latin C
        "SC-300, \uFF33\uFF23\uFF0D\uFF13\uFF10\uFF10", // full-width
        "RT-100, RT-l00", // letter l for digit 1
        "RT-100, RT-I00", // capital I for digit 1
        "ABC-1, ABC 1",
    })
    void lookAlikesShareASkeleton(String a, String b) {
        assertTrue(Confusables.confusable(a, b), a + " / " + b);
    }

    @ParameterizedTest
    @CsvSource({"SC-300, SC-301", "SC-300, SD-300", "RT-1, RT-11"})
    void differentDesignationsDoNot(String a, String b) {
        assertFalse(Confusables.confusable(a, b), a + " / " + b);
    }
}

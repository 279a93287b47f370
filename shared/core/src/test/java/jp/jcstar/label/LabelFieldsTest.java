package jp.jcstar.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import jp.jcstar.label.LabelFields.Rule;
import jp.jcstar.label.LabelFields.Strictness;
import jp.jcstar.label.LabelFields.Violation;
import org.junit.jupiter.api.Test;

/** One set of field rules for labels and applications; an application is held to two more. */
class LabelFieldsTest {
    static final LocalDate END = LocalDate.of(2030, 3, 31);

    @Test
    void cleanFieldsPassBothWays() {
        for (Strictness s : Strictness.values())
            assertTrue(LabelFields.check(s, 2, List.of("SC-300"), "カメラ", "Vendor", "camera", END)
                    .isEmpty());
    }

    @Test
    void everyBrokenRuleIsListedInFieldOrder() {
        List<Violation> v = LabelFields.check(Strictness.APPLICATION, 5, List.of("A", "A"), " ", "", "toaster", null);
        assertEquals(
                List.of(
                        Rule.LEVEL,
                        Rule.DUPLICATE_MODELS,
                        Rule.PRODUCT_TEXT,
                        Rule.VENDOR_TEXT,
                        Rule.CATEGORY,
                        Rule.NO_SUPPORT_END),
                v.stream().map(Violation::rule).toList());
    }

    @Test
    void anApplicationIsHeldToTheModelCharacterSetAndAPlausibleSupportEnd() {
        // ★ is printable (a signed label may hold it) but not in the scheme's model character set
        List<String> models = List.of("OK-1", "SC★300");
        assertTrue(LabelFields.check(Strictness.LABEL, 1, models, "p", "v", "camera", LocalDate.of(2300, 1, 1))
                .isEmpty());
        List<Violation> v =
                LabelFields.check(Strictness.APPLICATION, 1, models, "p", "v", "camera", LocalDate.of(2300, 1, 1));
        assertEquals(
                List.of(Rule.MODEL_TEXT, Rule.SUPPORT_END_TOO_FAR),
                v.stream().map(Violation::rule).toList());
        assertEquals("models[1]", v.get(0).applicationField());
    }

    @Test
    void labelClaimsReportsTheFirstBrokenRuleInTheFormatsWording() {
        var e = assertThrows(
                InvalidLabelException.class,
                () -> new LabelClaims(
                        "JC26-ABCDEFGH",
                        1,
                        List.of("M"),
                        "p",
                        "v\n",
                        "nope",
                        END,
                        java.time.Instant.parse("2026-01-01T00:00:00Z"),
                        java.time.Instant.parse("2027-01-01T00:00:00Z"),
                        new StatusRef(1, 0)));
        assertEquals("vendor", e.field());
        assertEquals("vendor must be 1–100 printable characters", e.getMessage());
    }
}

package jp.jcstar.requirements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.jcstar.json.Json;
import jp.jcstar.requirements.Declaration.Answer;
import jp.jcstar.requirements.Declaration.Evaluation;
import jp.jcstar.requirements.Declaration.Verdict;
import jp.jcstar.requirements.DeclarationJson.InvalidDeclarationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeclarationJsonTest {

    private static InvalidDeclarationException reject(String json) {
        return assertThrows(
                InvalidDeclarationException.class, () -> DeclarationJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parsesTheDocumentedShape() {
        Declaration d = DeclarationJson.parse("""
                {"answers": [
                   {"requirement": "1-1", "verdict": "conforms", "justification": "初期パスワードは機器ごとに異なる",
                    "evidence": ["試験報告書 TR-1 §2"]},
                   {"requirement": "1-5", "verdict": "not-applicable", "justification": "constrained device"}],
                 "evaluation": {"body": "Lab", "reportId": "R-1"}}
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals(
                new Declaration(
                        List.of(
                                new Answer("1-1", Verdict.CONFORMS, "初期パスワードは機器ごとに異なる", List.of("試験報告書 TR-1 §2")),
                                new Answer("1-5", Verdict.NOT_APPLICABLE, "constrained device", List.of())),
                        new Evaluation("Lab", "R-1")),
                d);
    }

    @Test
    void writesBackAndReadsTheSameDeclarationWithoutUnicodeEscapes() {
        Declaration d =
                new Declaration(DeclarationValidatorTest.completeStarOneAnswers(), new Evaluation("評価機関", "R-9"));
        byte[] json = DeclarationJson.toJson(d);
        String s = new String(json, StandardCharsets.UTF_8);
        assertFalse(s.contains("\\u"));
        assertTrue(s.contains("\"verdict\":\"not-applicable\""));
        assertTrue(s.contains("評価機関"));
        assertEquals(d, DeclarationJson.parse(json));
        Declaration noEval = new Declaration(List.of(new Answer("2-1", Verdict.CONFORMS, null, List.of())), null);
        assertEquals(noEval, DeclarationJson.parse(DeclarationJson.toJson(noEval)));
    }

    @Test
    void unknownVerdictFailsNamingTheField() {
        var e = reject("""
                {"answers": [{"requirement": "1-1", "verdict": "conforms", "justification": "x"},
                             {"requirement": "1-2", "verdict": "maybe", "justification": "x"}]}""");
        assertEquals("answers[1].verdict", e.field());
        assertEquals("answers[1].verdict: must be \"conforms\" or \"not-applicable\", not \"maybe\"", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[]                                                              | declaration",
                "{}                                                              | answers",
                "{\"answers\": {}}                                               | answers",
                "{\"answers\": [1]}                                              | answers[0]",
                "{\"answers\": [{\"verdict\": \"conforms\"}]}                    | answers[0].requirement",
                "{\"answers\": [{\"requirement\": 11, \"verdict\": \"conforms\"}]} | answers[0].requirement",
                "{\"answers\": [{\"requirement\": \"1-1\"}]}                     | answers[0].verdict",
                "{\"answers\": [{\"requirement\": \"1-1\", \"verdict\": \"conforms\", \"justification\": true}]} | answers[0].justification",
                "{\"answers\": [{\"requirement\": \"1-1\", \"verdict\": \"conforms\", \"evidence\": \"x\"}]} | answers[0].evidence",
                "{\"answers\": [{\"requirement\": \"1-1\", \"verdict\": \"conforms\", \"evidence\": [\"a\", 2]}]} | answers[0].evidence[1]",
                "{\"answers\": [{\"requirement\": \"1-1\", \"verdict\": \"conforms\", \"justfication\": \"x\"}]} | answers[0].justfication",
                "{\"answers\": [], \"extra\": 1}                                 | extra",
                "{\"answers\": [], \"evaluation\": \"lab\"}                      | evaluation",
                "{\"answers\": [], \"evaluation\": {\"body\": \"b\", \"report\": \"r\"}} | evaluation.report",
                "{\"answers\": [], \"evaluation\": {\"body\": 3}}                 | evaluation.body",
            })
    void malformedDeclarationFailsNamingTheField(String json, String field) {
        var e = reject(json);
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    }

    @Test
    void oversizedInputIsRejected() {
        String longText = "x".repeat(DeclarationJson.MAX_TEXT_LENGTH + 1);
        assertEquals(
                "answers[0].justification",
                reject("{\"answers\": [{\"requirement\": \"1-1\", \"verdict\": \"conforms\", \"justification\": \""
                                + longText + "\"}]}")
                        .field());
        String many = "{\"requirement\": \"1-1\", \"verdict\": \"conforms\"},".repeat(DeclarationJson.MAX_ANSWERS + 1);
        assertEquals(
                "answers",
                reject("{\"answers\": [" + many.substring(0, many.length() - 1) + "]}")
                        .field());
    }

    @Test
    void missingJustificationParsesAndIsLeftToTheValidator() {
        Declaration d =
                DeclarationJson.parse("{\"answers\": [{\"requirement\": \"1-5\", \"verdict\": \"not-applicable\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        assertNull(d.answers().get(0).justification());
        assertTrue(DeclarationValidator.standard().validate(1, d).stream()
                .anyMatch(
                        f -> f.subject().equals("1-5") && f.code().equals(DeclarationValidator.MISSING_JUSTIFICATION)));
    }

    @Test
    void duplicateKeysAndBrokenJsonAreRejectedByTheStrictParser() {
        assertThrows(
                Json.BadJsonException.class,
                () -> DeclarationJson.parse("{\"answers\": [], \"answers\": []}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                IllegalArgumentException.class,
                () -> DeclarationJson.parse("{\"answers\": [".getBytes(StandardCharsets.UTF_8)));
    }
}

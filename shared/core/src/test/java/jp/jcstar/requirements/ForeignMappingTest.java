package jp.jcstar.requirements;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.jcstar.requirements.Declaration.Answer;
import jp.jcstar.requirements.Declaration.Verdict;
import org.junit.jupiter.api.Test;

class ForeignMappingTest {
    private static final List<String> FOREIGN =
            List.of("etsi-en-303-645", "uk-psti", "nistir-8425", "eu-cra", "sg-cls", "iec-62443-4-1", "iec-62443-4-2");

    private static Answer conforms(String id) {
        return new Answer(id, Verdict.CONFORMS, "done", List.of());
    }

    @Test
    void conformingTo1_1CoversTheForeignClausesOfThatSeedRow() {
        // seed row 1-1: [ETSI EN 303 645]5.1-1 [UK: PSTI Act]SCHEDULE 1: 1-(2) [US: NISTIR 8425]Interface Access
        // Control 1-b
        // [Singapore: CLS][*]5.1-1 [IEC 62443-4-2]CR15, CR1.7 (CR15 read as CR1.5); no CRA, no IEC 62443-4-1
        Map<String, List<String>> covered = ForeignMapping.covered(new Declaration(List.of(conforms("1-1")), null));
        assertEquals(FOREIGN, List.copyOf(covered.keySet()), "every foreign scheme, in order; no domestic ones");
        assertEquals(List.of("5.1-1"), covered.get("etsi-en-303-645"));
        assertEquals(List.of("Schedule 1 1(2)"), covered.get("uk-psti"));
        assertEquals(List.of("Interface Access Control 1-b"), covered.get("nistir-8425"));
        assertEquals(List.of(), covered.get("eu-cra"));
        assertEquals(List.of("5.1-1"), covered.get("sg-cls"));
        assertEquals(List.of(), covered.get("iec-62443-4-1"));
        assertEquals(List.of("CR1.5", "CR1.7"), covered.get("iec-62443-4-2"));
    }

    @Test
    void clausesAreDistinctAndSortedNaturallyAndNotApplicableAnswersCoverNothing() {
        Declaration d = new Declaration(
                List.of(
                        conforms("3-10"),
                        conforms("3-2"),
                        conforms("3-8"),
                        conforms("1-2"),
                        conforms("1-3"),
                        conforms("99-1"),
                        new Answer("5-1", Verdict.NOT_APPLICABLE, "no network", List.of())),
                null);
        Map<String, List<String>> covered = ForeignMapping.covered(d);
        assertEquals(List.of("5.1-2", "5.1-3", "5.3-2", "5.3-8", "5.3-10"), covered.get("etsi-en-303-645"));
        assertEquals(List.of("Schedule 1 1(3)"), covered.get("uk-psti"), "1-2 and 1-3 both cite 1(3): listed once");
        assertEquals(
                List.of("ANNEX I 1.(3)(b)", "ANNEX I 1.(3)(e)", "ANNEX I 2.(2)", "ANNEX I 2.(7)", "ANNEX I 2.(8)"),
                covered.get("eu-cra"));
        assertEquals(
                List.of("CR1.5", "CR1.7", "CR3.1", "CR3.2", "EDR3.2", "HDR3.2", "NDR3.2", "SAR3.2"),
                covered.get("iec-62443-4-2"));
    }

    @Test
    void completeStarOneDeclarationCoversTheEtsiProvisionsOfTheStarOneRows() {
        Map<String, List<String>> covered =
                ForeignMapping.covered(new Declaration(DeclarationValidatorTest.completeStarOneAnswers(), null));
        // 1-5 is answered not-applicable in that declaration, so 5.1-5 is not covered
        assertEquals(
                List.of(
                        "5.1-1", "5.1-2", "5.1-3", "5.1-4", "5.2-1", "5.3-1", "5.3-2", "5.3-3", "5.3-7", "5.3-8",
                        "5.3-10", "5.3-11", "5.3-13", "5.3-16", "5.4-1", "5.5-1", "5.5-5", "5.5-7", "5.6-1", "5.9-1",
                        "5.11-1", "5.12-2"),
                covered.get("etsi-en-303-645"));
    }

    @Test
    void naturalOrderComparesNumbersNumerically() {
        List<String> l = new ArrayList<>(List.of("5.3-10", "5.10-1", "5.3-2", "CK-LP-10", "CK-LP-02", "4.1", "6.1"));
        l.sort(ForeignMapping.NATURAL);
        assertEquals(List.of("4.1", "5.3-2", "5.3-10", "5.10-1", "6.1", "CK-LP-02", "CK-LP-10"), l);
    }
}

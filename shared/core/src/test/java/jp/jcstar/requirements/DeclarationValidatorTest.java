package jp.jcstar.requirements;

import static jp.jcstar.requirements.DeclarationValidator.BLANK_EVIDENCE;
import static jp.jcstar.requirements.DeclarationValidator.DUPLICATE_ANSWER;
import static jp.jcstar.requirements.DeclarationValidator.INVALID_STAR_LEVEL;
import static jp.jcstar.requirements.DeclarationValidator.MISSING_ANSWER;
import static jp.jcstar.requirements.DeclarationValidator.MISSING_DECLARATION;
import static jp.jcstar.requirements.DeclarationValidator.MISSING_EVALUATION;
import static jp.jcstar.requirements.DeclarationValidator.MISSING_EVALUATION_BODY;
import static jp.jcstar.requirements.DeclarationValidator.MISSING_EVALUATION_REPORT_ID;
import static jp.jcstar.requirements.DeclarationValidator.MISSING_JUSTIFICATION;
import static jp.jcstar.requirements.DeclarationValidator.MISSING_REQUIREMENT_ID;
import static jp.jcstar.requirements.DeclarationValidator.MISSING_VERDICT;
import static jp.jcstar.requirements.DeclarationValidator.UNKNOWN_REQUIREMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.jcstar.requirements.Declaration.Answer;
import jp.jcstar.requirements.Declaration.Evaluation;
import jp.jcstar.requirements.Declaration.Verdict;
import jp.jcstar.requirements.DeclarationValidator.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeclarationValidatorTest {
    private static final RequirementsCatalogue CATALOGUE = RequirementsCatalogue.get();
    private final DeclarationValidator validator = DeclarationValidator.standard();

    /** Answers to every ☆1 requirement: conforms, except 1-5 not-applicable (a constrained device). */
    static List<Answer> completeStarOneAnswers() {
        List<Answer> answers = new ArrayList<>();
        for (Requirement r : CATALOGUE.starOne()) {
            if (r.id().equals("1-5")) {
                answers.add(
                        new Answer("1-5", Verdict.NOT_APPLICABLE, "constrained device: no network login", List.of()));
            } else {
                answers.add(new Answer(
                        r.id(), Verdict.CONFORMS, "implemented; see test report", List.of("TR-2025-01 §" + r.id())));
            }
        }
        return answers;
    }

    static Declaration completeStarOne() {
        return new Declaration(completeStarOneAnswers(), null);
    }

    private static List<Answer> replace(List<Answer> answers, String id, Answer with) {
        List<Answer> out = new ArrayList<>();
        for (Answer a : answers) {
            if (!a.requirement().equals(id)) out.add(a);
            else if (with != null) out.add(with);
        }
        return out;
    }

    private static Evaluation evaluation() {
        return new Evaluation("Example Evaluation Lab K.K.", "EVR-2025-0042");
    }

    @Test
    void completeStarOneDeclarationPasses() {
        assertEquals(List.of(), validator.validate(1, completeStarOne()));
    }

    @Test
    void missingAnswerFailsNamingThatRequirementId() {
        Declaration d = new Declaration(replace(completeStarOneAnswers(), "17-8", null), null);
        List<Failure> failures = validator.validate(1, d);
        assertEquals(1, failures.size(), failures.toString());
        assertEquals("17-8", failures.get(0).subject());
        assertEquals(MISSING_ANSWER, failures.get(0).code());
        assertTrue(failures.get(0).message().contains("17-8"));
    }

    @Test
    void notApplicableWithoutJustificationFails() {
        for (String blank : new String[] {null, "", "   "}) {
            Declaration d = new Declaration(
                    replace(
                            completeStarOneAnswers(),
                            "1-5",
                            new Answer("1-5", Verdict.NOT_APPLICABLE, blank, List.of())),
                    null);
            assertEquals(
                    List.of(new Failure(
                            "1-5",
                            MISSING_JUSTIFICATION,
                            "the not-applicable answer to requirement 1-5 needs a justification (requirement 18-5)")),
                    validator.validate(1, d),
                    "justification " + blank);
        }
    }

    @Test
    void conformsWithoutJustificationFailsToo() {
        Declaration d = new Declaration(
                replace(
                        completeStarOneAnswers(),
                        "2-1",
                        new Answer("2-1", Verdict.CONFORMS, " ", List.of("policy URL"))),
                null);
        List<Failure> failures = validator.validate(1, d);
        assertEquals(1, failures.size());
        assertEquals("2-1", failures.get(0).subject());
        assertEquals(MISSING_JUSTIFICATION, failures.get(0).code());
    }

    @Test
    void starThreeWithoutEvaluationFails() {
        List<Failure> failures = validator.validate(3, completeStarOne());
        assertEquals(
                List.of("evaluation"), failures.stream().map(Failure::subject).toList());
        assertEquals(MISSING_EVALUATION, failures.get(0).code());
    }

    @Test
    void starThreeWithBlankEvaluationFieldsFailsNamingEachField() {
        List<Failure> failures =
                validator.validate(3, new Declaration(completeStarOneAnswers(), new Evaluation(" ", null)));
        assertEquals(
                List.of("evaluation.body", "evaluation.reportId"),
                failures.stream().map(Failure::subject).toList());
        assertEquals(
                List.of(MISSING_EVALUATION_BODY, MISSING_EVALUATION_REPORT_ID),
                failures.stream().map(Failure::code).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void starTwoToFourWithCompleteStarOneAnswersAndAnEvaluationPass(int level) {
        assertEquals(List.of(), validator.validate(level, new Declaration(completeStarOneAnswers(), evaluation())));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void everyLevelRequiresAtLeastTheStarOneSet(int level) {
        assertEquals(CATALOGUE.starOne(), validator.requiredFor(level));
        Declaration d = new Declaration(replace(completeStarOneAnswers(), "3-14", null), evaluation());
        assertEquals(
                List.of(new Failure(
                        "3-14",
                        MISSING_ANSWER,
                        "a ☆" + level + " declaration must answer requirement 3-14 (Keep software updated)")),
                validator.validate(level, d));
    }

    @Test
    void starOneMayCarryAnEvaluation() {
        assertEquals(
                List.of(),
                validator.validate(1, new Declaration(completeStarOneAnswers(), new Evaluation(null, null))));
    }

    @Test
    void unknownRequirementIdFails() {
        List<Answer> answers = new ArrayList<>(completeStarOneAnswers());
        answers.add(new Answer("19-1", Verdict.CONFORMS, "x", List.of()));
        answers.add(new Answer("5-3.", Verdict.CONFORMS, "x", List.of()));
        List<Failure> failures = validator.validate(1, new Declaration(answers, null));
        assertEquals(
                List.of("19-1", "5-3."), failures.stream().map(Failure::subject).toList());
        failures.forEach(f -> assertEquals(UNKNOWN_REQUIREMENT, f.code()));
    }

    @Test
    void answersBeyondTheRequiredSetAreAllowed() {
        List<Answer> answers = new ArrayList<>(completeStarOneAnswers());
        answers.add(new Answer("16-3", Verdict.CONFORMS, "penetration test by the vendor's red team", List.of()));
        assertEquals(List.of(), validator.validate(1, new Declaration(answers, null)));
    }

    @Test
    void duplicateAnswerFails() {
        List<Answer> answers = new ArrayList<>(completeStarOneAnswers());
        answers.add(new Answer("3-1", Verdict.NOT_APPLICABLE, "changed my mind", List.of()));
        List<Failure> failures = validator.validate(1, new Declaration(answers, null));
        assertEquals(1, failures.size());
        assertEquals(
                new Failure(
                        "3-1", DUPLICATE_ANSWER, "requirement 3-1 is answered more than once (again in answers[25])"),
                failures.get(0));
    }

    @Test
    void answerWithoutRequirementIdOrVerdictFails() {
        List<Answer> answers =
                new ArrayList<>(replace(completeStarOneAnswers(), "4-1", new Answer("4-1", null, "ok", List.of())));
        answers.add(new Answer(" ", Verdict.CONFORMS, "x", List.of()));
        List<Failure> failures = validator.validate(1, new Declaration(answers, null));
        assertEquals(
                List.of(
                        new Failure(
                                "4-1", MISSING_VERDICT, "requirement 4-1 needs a verdict: conforms or not-applicable"),
                        new Failure(
                                "answers[25].requirement",
                                MISSING_REQUIREMENT_ID,
                                "answers[25] does not name a requirement")),
                failures);
    }

    @Test
    void blankEvidenceEntryFails() {
        Declaration d = new Declaration(
                replace(
                        completeStarOneAnswers(),
                        "6-1",
                        new Answer("6-1", Verdict.CONFORMS, "ports closed", List.of("nmap scan", ""))),
                null);
        assertEquals(
                List.of(BLANK_EVIDENCE),
                validator.validate(1, d).stream().map(Failure::code).toList());
    }

    @Test
    void failureListNamesEveryFailingRequirementNotJustTheFirst() {
        List<Answer> answers = completeStarOneAnswers();
        answers = replace(answers, "1-1", null);
        answers = replace(answers, "9-1", null);
        answers = replace(answers, "17-10", null);
        answers = replace(answers, "1-5", new Answer("1-5", Verdict.NOT_APPLICABLE, "", List.of()));
        answers = replace(answers, "11-1", new Answer("11-1", Verdict.CONFORMS, null, List.of()));
        answers = new ArrayList<>(answers);
        answers.add(new Answer("99-9", Verdict.CONFORMS, "x", List.of()));
        List<Failure> failures = validator.validate(4, new Declaration(answers, null));

        assertEquals(
                Set.of("1-1", "9-1", "17-10", "1-5", "11-1", "99-9", "evaluation"),
                Set.copyOf(failures.stream().map(Failure::subject).toList()));
        assertEquals(7, failures.size(), failures.toString());
        // answers first (input order), then missing answers (catalogue order), then the evaluation
        assertEquals(
                List.of("1-5", "11-1", "99-9", "1-1", "9-1", "17-10", "evaluation"),
                failures.stream().map(Failure::subject).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, -1})
    void starLevelOutsideOneToFourFails(int level) {
        assertEquals(
                List.of(new Failure("starLevel", INVALID_STAR_LEVEL, "star level must be 1 to 4, not " + level)),
                validator.validate(level, completeStarOne()));
        assertThrows(IllegalArgumentException.class, () -> validator.requiredFor(level));
    }

    @Test
    void missingDeclarationFails() {
        assertEquals(MISSING_DECLARATION, validator.validate(1, null).get(0).code());
        List<Failure> empty = validator.validate(1, new Declaration(null, null));
        assertEquals(CATALOGUE.starOne().size(), empty.size());
        empty.forEach(f -> assertEquals(MISSING_ANSWER, f.code()));
    }
}

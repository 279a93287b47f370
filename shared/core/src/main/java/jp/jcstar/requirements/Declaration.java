package jp.jcstar.requirements;

import java.util.List;

/**
 * A vendor's conformity declaration: one answer per requirement of the claimed star level, and
 * for ☆2 and above the third-party evaluation it rests on. Kept with the label, not in the QR.
 */
public record Declaration(List<Answer> answers, Evaluation evaluation) {
    public Declaration {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }

    public enum Verdict {
        CONFORMS("conforms"),
        NOT_APPLICABLE("not-applicable");

        private final String code;

        Verdict(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Verdict fromCode(String code) {
            for (Verdict v : values()) if (v.code.equals(code)) return v;
            throw new IllegalArgumentException("verdict must be conforms or not-applicable, not " + code);
        }
    }

    /** The answer to one requirement (id such as {@code 2-1}); justification required (requirement 18-5). */
    public record Answer(String requirement, Verdict verdict, String justification, List<String> evidence) {
        public Answer {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    /** Third-party evaluation behind a ☆2+ label: evaluation body and report id. */
    public record Evaluation(String body, String reportId) {}
}

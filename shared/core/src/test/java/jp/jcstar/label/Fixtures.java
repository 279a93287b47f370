package jp.jcstar.label;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import jp.jcstar.requirements.RequirementsCatalogue;

/** Realistic labels for tests: a typical Japanese one and variations. */
public final class Fixtures {
    private Fixtures() {}

    public static final Instant ISSUED = Instant.parse("2026-04-01T00:00:00Z");

    /** The typical label of the QR size target: Japanese vendor and product, three model numbers. */
    public static LabelClaims typicalJapanese() {
        return new LabelClaims(
                "JC26-4F7K2M9Q",
                1,
                List.of("SC-300", "SC-300W", "SC-300B"),
                "スマートホームカメラ SC-300",
                "株式会社サクラ電機",
                "camera",
                LocalDate.parse("2031-03-31"),
                ISSUED,
                ISSUED.plus(LabelClaims.MAX_VALIDITY),
                new StatusRef(1, 48213));
    }

    public static LabelClaims withId(String id, int index) {
        LabelClaims t = typicalJapanese();
        return new LabelClaims(
                id,
                t.level(),
                t.models(),
                t.product(),
                t.vendor(),
                t.category(),
                t.supportEnd(),
                t.issuedAt(),
                t.validUntil(),
                new StatusRef(1, index));
    }

    /**
     * A complete ☆1 application as the API takes it: every ☆1 requirement answered {@code conforms} with
     * {@code justification.apply(requirementId)}.
     */
    public static ObjectNode starOneApplication(
            String applicationId, List<String> models, Function<String, String> justification) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("applicationId", applicationId);
        a.put("level", 1);
        var m = a.putArray("models");
        models.forEach(m::add);
        a.put("product", "スマートホームカメラ SC-300");
        a.put("vendor", "株式会社サクラ電機");
        a.put("category", "camera");
        a.put("supportEnd", "2031-03-31");
        var answers = a.putObject("declaration").putArray("answers");
        for (var r : RequirementsCatalogue.get().starOne()) {
            answers.addObject()
                    .put("requirement", r.id())
                    .put("verdict", "conforms")
                    .put("justification", justification.apply(r.id()));
        }
        return a;
    }

    /** {@link #starOneApplication(String, List, Function)} for models SC-300 and SC-300W. */
    public static ObjectNode starOneApplication(String applicationId) {
        return starOneApplication(applicationId, List.of("SC-300", "SC-300W"), id -> "設計書と試験報告書で確認 (" + id + ")");
    }
}

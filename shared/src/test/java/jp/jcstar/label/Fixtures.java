package jp.jcstar.label;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Realistic labels for tests: a typical Japanese one and variations. */
public final class Fixtures {
    private Fixtures() {}

    public static final Instant ISSUED = Instant.parse("2026-04-01T00:00:00Z");

    /** The typical label of the QR size target: Japanese vendor and product, three model numbers. */
    public static LabelClaims typicalJapanese() {
        return new LabelClaims("JC26-4F7K2M9Q", 1, List.of("SC-300", "SC-300W", "SC-300B"),
                "スマートホームカメラ SC-300", "株式会社サクラ電機", "camera",
                LocalDate.parse("2031-03-31"), ISSUED, ISSUED.plus(LabelClaims.MAX_VALIDITY), new StatusRef(1, 48213));
    }

    public static LabelClaims withId(String id, int index) {
        LabelClaims t = typicalJapanese();
        return new LabelClaims(id, t.level(), t.models(), t.product(), t.vendor(), t.category(), t.supportEnd(),
                t.issuedAt(), t.validUntil(), new StatusRef(1, index));
    }
}

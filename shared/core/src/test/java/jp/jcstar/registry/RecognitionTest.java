package jp.jcstar.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.jcstar.json.Json;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.StatusRef;
import jp.jcstar.status.LabelState;
import jp.jcstar.store.LabelRecord;
import org.junit.jupiter.api.Test;

/** The recognition data file and what it says about one label ({@link Recognition}). */
class RecognitionTest {
    static LabelView view(int level, LocalDate supportEnd, Instant validUntil, LabelState status) {
        var claims = new LabelClaims(
                "JC26-R0000001",
                level,
                List.of("M-1"),
                "P",
                "V",
                "router",
                supportEnd,
                validUntil.minus(Duration.ofDays(730)),
                validUntil,
                new StatusRef(1, 1));
        return new LabelView(LabelRecord.issued("A", claims, "h.p.s", null), status, null, null, "HTTPS://X/v#1");
    }

    @Test
    void everyArrangementCitesASourceAndOnlyTheConfirmedOneIsListed() {
        var all = Recognition.arrangements();
        assertEquals(
                List.of("uk-psti"),
                all.stream().map(Recognition.Arrangement::id).toList());
        var uk = all.getFirst();
        assertEquals(LocalDate.parse("2025-12-04"), uk.since());
        assertEquals(List.of("label unexpired"), uk.conditions());
        assertTrue(uk.source().title().contains("2025/1267"));
        assertTrue(uk.source().url().startsWith("http"));
    }

    @Test
    void aValidStarOneLabelIsRecognisedUntilTheEarlierOfValidityAndSupportEnd() {
        // validity ends 2028-04-01T02:00Z = 11:00 JST the same day; support ends later
        var r = Recognition.forLabel(
                view(1, LocalDate.parse("2031-03-31"), Instant.parse("2028-04-01T02:00:00Z"), LabelState.VALID));
        assertEquals(1, r.size());
        assertTrue(r.getFirst().applies());
        assertEquals(LocalDate.parse("2028-04-01"), r.getFirst().validUntil());
        // validity ends 2028-03-31T20:00Z = 2028-04-01 05:00 JST: the date in Japan
        assertEquals(
                LocalDate.parse("2028-04-01"),
                Recognition.forLabel(view(
                                1,
                                LocalDate.parse("2031-03-31"),
                                Instant.parse("2028-03-31T20:00:00Z"),
                                LabelState.VALID))
                        .getFirst()
                        .validUntil());
        // support ends first
        assertEquals(
                LocalDate.parse("2027-03-31"),
                Recognition.forLabel(view(
                                1,
                                LocalDate.parse("2027-03-31"),
                                Instant.parse("2028-04-01T02:00:00Z"),
                                LabelState.VALID))
                        .getFirst()
                        .validUntil());
    }

    @Test
    void aLabelThatIsNotValidNowIsListedAsNotApplyingAndOtherLevelsAreNotCovered() {
        assertFalse(Recognition.forLabel(view(
                        1, LocalDate.parse("2031-03-31"), Instant.parse("2028-04-01T02:00:00Z"), LabelState.REVOKED))
                .getFirst()
                .applies());
        assertEquals(
                List.of(),
                Recognition.forLabel(view(
                        2, LocalDate.parse("2031-03-31"), Instant.parse("2028-04-01T02:00:00Z"), LabelState.VALID)));
    }

    @Test
    void anArrangementWithoutACitedSourceIsRefused() {
        var noUrl = Json.parse(
                "{\"arrangements\":[{\"id\":\"x\",\"scheme\":\"X\",\"country\":\"XX\",\"levels\":[1],\"conditions\":[],"
                        + "\"effect\":{\"en\":\"e\",\"ja\":\"e\"},\"since\":\"2026-01-01\",\"source\":{\"title\":\"t\",\"url\":\"\"}}]}");
        assertThrows(IllegalStateException.class, () -> Recognition.parse(noUrl));
    }

    @Test
    void theFullRecordCarriesTheRecognitionAndTheSearchRecordDoesNot() {
        var v = view(1, LocalDate.parse("2031-03-31"), Instant.parse("2028-04-01T02:00:00Z"), LabelState.VALID);
        var full = Views.label(v, true);
        assertEquals("UK PSTI", full.get("recognition").get(0).get("scheme").asText());
        assertEquals(
                "2028-04-01", full.get("recognition").get(0).get("validUntil").asText());
        assertFalse(Views.label(v, false).has("recognition"));
    }
}

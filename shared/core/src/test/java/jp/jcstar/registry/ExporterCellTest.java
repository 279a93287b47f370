package jp.jcstar.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** CSV cells never start a formula, whether the importer splits on commas or on semicolons. */
class ExporterCellTest {
    @Test
    void aCellHoldingASemicolonIsQuoted() {
        assertEquals("\"x;=1\"", Exporter.cell("x;=1"));
        assertEquals("\"株式会社;サクラ\"", Exporter.cell("株式会社;サクラ"));
    }

    @Test
    void tabAndCarriageReturnStartersAreDefusedLikeEquals() {
        assertEquals("\"'\\t=1\"".replace("\\t", "\t"), Exporter.cell("\t=1"));
        assertEquals("\"'\r=1\"", Exporter.cell("\r=1"));
        assertEquals("\"'=1\"", Exporter.cell("=1"));
        assertEquals("SC-300", Exporter.cell("SC-300"));
    }
}

package jp.jcstar.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void readsRfc4180WithBomCrlfQuotesAndLineNumbers() throws Exception {
        byte[] bytes = ("\uFEFFa,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\r\n3,三,参")
                .getBytes(StandardCharsets.UTF_8);
        List<Csv.Record> rs = Csv.parse(Csv.decode(bytes));
        assertEquals(4, rs.size());
        assertEquals(List.of("a", "b", "c"), rs.get(0).fields());
        assertEquals(new Csv.Record(2, List.of("1", "x, y", "say \"hi\""), null), rs.get(1));
        assertEquals(new Csv.Record(4, List.of("2", "two\nlines", ""), null), rs.get(2));
        assertEquals(new Csv.Record(6, List.of("3", "三", "参"), null), rs.get(3));
    }

    @Test
    void aBrokenQuoteCostsOneRowNotTheRestOfTheFile() {
        List<Csv.Record> rs = Csv.parse("h1,h2\nok,1\n\"never closed,2\nafter,3\n\"ab\"cd,4\nx\"y,5\nlast,6\n");
        assertEquals(7, rs.size());
        assertNull(rs.get(1).error());
        assertEquals(3, rs.get(2).line());
        assertTrue(rs.get(2).error().contains("never closed"), rs.get(2).error());
        assertEquals(new Csv.Record(4, List.of("after", "3"), null), rs.get(3));
        assertEquals(5, rs.get(4).line());
        assertTrue(
                rs.get(4).error().contains("after the closing quote"), rs.get(4).error());
        assertEquals(6, rs.get(5).line());
        assertTrue(
                rs.get(5).error().contains("quote inside unquoted"), rs.get(5).error());
        assertEquals(new Csv.Record(7, List.of("last", "6"), null), rs.get(6));
    }

    @Test
    void refusesNonUtf8WithTheLine() {
        byte[] sjis = "a\nテスト".getBytes(java.nio.charset.Charset.forName("Shift_JIS"));
        var e = assertThrows(Csv.NotUtf8Exception.class, () -> Csv.decode(sjis));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void writesQuotedFields() throws Exception {
        StringWriter w = new StringWriter();
        Csv.write(w, 1, "a,b", "say \"x\"", null, "plain");
        assertEquals("1,\"a,b\",\"say \"\"x\"\"\",,plain\r\n", w.toString());
        assertEquals(
                List.of("1", "a,b", "say \"x\"", "", "plain"),
                Csv.parse(w.toString()).getFirst().fields());
    }
}

package jp.jcstar.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.label.StatusRef;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.IdCursor;
import jp.jcstar.store.LabelRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change feed's filters and cursors ({@link ChangeFeed}) over the embedded store; the stores' side is ChangeFeedContract. */
class ChangeFeedTest {
    @TempDir
    Path dir;

    H2LabelStore store;
    ChangeFeed feed;
    int n;

    @BeforeEach
    void open() {
        store = new H2LabelStore("jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath());
        feed = new ChangeFeed(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    LabelRecord label(String vendor, String... models) {
        n++;
        String id = String.format(java.util.Locale.ROOT, "JC26-C%05d", n);
        Instant t0 = Instant.parse("2026-04-01T00:00:00Z");
        var claims = new LabelClaims(
                id,
                1,
                List.of(models),
                "P",
                vendor,
                "router",
                LocalDate.of(2030, 3, 31),
                t0,
                t0.plus(Duration.ofDays(730)),
                new StatusRef(1, n));
        var b64 = Base64.getUrlEncoder().withoutPadding();
        String jws = b64.encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(LabelCodec.encode(claims)) + ".AA";
        LabelRecord r = LabelRecord.issued("APP-" + n, claims, jws, null);
        store.insert(r);
        return r;
    }

    LabelRecord revoke(LabelRecord r) {
        Instant at = Instant.parse("2026-05-01T00:00:00Z").plusSeconds(n * 10L);
        LabelRecord u = r.withStatus(LabelState.REVOKED, RevocationReason.NONCONFORMITY, at, at);
        store.updateStatus(
                u,
                new StatusChange(
                        r.id(), r.state(), LabelState.REVOKED, RevocationReason.NONCONFORMITY, at, at, "op", null));
        return u;
    }

    List<String> ids(String vendor, String model, int limit) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        for (int guard = 0; guard < 1000; guard++) {
            var r = feed.read(new ChangeFeed.Query(cursor, vendor, model, limit));
            r.items().forEach(c -> out.add(c.labelId()));
            cursor = r.next();
            if (!r.more()) break;
        }
        return out;
    }

    @Test
    void filtersByVendorSubstringAndModelPrefixAsTheSearchDoes() {
        LabelRecord a = revoke(label("株式会社サクラ電機", "SC-300", "SC-300W"));
        LabelRecord b = revoke(label("Other Ltd", "SC-3000"));
        LabelRecord c = revoke(label("株式会社サクラ電機", "TN-1"));
        assertEquals(List.of(a.id(), b.id(), c.id()), ids(null, null, 2));
        assertEquals(List.of(a.id(), c.id()), ids("サクラ 電機", null, 1));
        assertEquals(List.of(a.id(), b.id()), ids(null, "ＳＣ－３００", 10));
        assertEquals(List.of(a.id()), ids("サクラ", "sc300", 10));
        assertEquals(List.of(), ids("nobody", null, 10));
    }

    @Test
    void theCursorOfTheLastPageIsWhereTheNextPollStarts() {
        revoke(label("V", "M-1"));
        var first = feed.read(new ChangeFeed.Query(null, null, null, 10));
        assertEquals(1, first.items().size());
        assertFalse(first.more());
        var empty = feed.read(new ChangeFeed.Query(first.next(), null, null, 10));
        assertEquals(List.of(), empty.items());
        assertEquals(first.next(), empty.next());
        LabelRecord later = revoke(label("V", "M-2"));
        var polled = feed.read(new ChangeFeed.Query(empty.next(), null, null, 10));
        assertEquals(
                List.of(later.id()),
                polled.items().stream().map(StatusChange::labelId).toList());
    }

    @Test
    void aFilteredReadExaminesABoundedNumberOfChangesAndSaysToGoOn() {
        for (int i = 0; i < ChangeFeed.SCAN + 5; i++) revoke(label("Bulk", "B-" + i));
        LabelRecord wanted = revoke(label("Rare", "R-1"));
        var first = feed.read(new ChangeFeed.Query(null, "Rare", null, 10));
        assertEquals(List.of(), first.items());
        assertTrue(first.more(), "more changes to examine");
        var second = feed.read(new ChangeFeed.Query(first.next(), "Rare", null, 10));
        assertEquals(
                List.of(wanted.id()),
                second.items().stream().map(StatusChange::labelId).toList());
    }

    @Test
    void aTamperedForeignOrOtherFilterCursorIsRefused() {
        revoke(label("V", "M-1"));
        revoke(label("V", "M-2"));
        String cursor = feed.read(new ChangeFeed.Query(null, "V", null, 1)).next();
        // the same cursor with other filters
        assertThrows(ChangeFeed.BadCursorException.class, () -> feed.read(new ChangeFeed.Query(cursor, "W", null, 1)));
        assertThrows(ChangeFeed.BadCursorException.class, () -> feed.read(new ChangeFeed.Query(cursor, null, null, 1)));
        // an edited position
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String edited = raw.replaceFirst("h0000", "h0001");
        String tampered =
                Base64.getUrlEncoder().withoutPadding().encodeToString(edited.getBytes(StandardCharsets.UTF_8));
        assertThrows(
                ChangeFeed.BadCursorException.class, () -> feed.read(new ChangeFeed.Query(tampered, "V", null, 1)));
        // a search cursor, garbage
        for (String foreign : List.of(IdCursor.encode("JC26-C00001"), "!!!", "aGVsbG8", cursor.substring(1))) {
            assertThrows(
                    ChangeFeed.BadCursorException.class,
                    () -> feed.read(new ChangeFeed.Query(foreign, "V", null, 1)),
                    foreign);
        }
        // the genuine one still works
        assertEquals(
                1, feed.read(new ChangeFeed.Query(cursor, "V", null, 1)).items().size());
    }

    @Test
    void aForgedCursorWithAValidChecksumButAnotherStoresPositionIsRefused() {
        String forged = ChangeFeed.encode("d123", ChangeFeed.fingerprint(null, null));
        assertThrows(ChangeFeed.BadCursorException.class, () -> feed.read(new ChangeFeed.Query(forged, null, null, 1)));
    }

    @Test
    void theAtomFeedListsRevocationsSuspensionsAndSupportEndsNewestFirst() {
        LabelRecord a = revoke(label("A & Co <x>", "M-1"));
        LabelRecord b = label("B", "M-2");
        Instant at = Instant.parse("2026-06-01T00:00:00Z");
        LabelRecord s = b.withStatus(LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION, at, at);
        store.updateStatus(
                s,
                new StatusChange(
                        b.id(),
                        LabelState.VALID,
                        LabelState.SUSPENDED,
                        RevocationReason.UNDER_INVESTIGATION,
                        at,
                        at,
                        "op",
                        null));
        Instant later = at.plusSeconds(60);
        store.updateStatus(
                s.withStatus(LabelState.VALID, null, null, later),
                new StatusChange(b.id(), LabelState.SUSPENDED, LabelState.VALID, null, later, later, "op", null));
        String xml = new String(
                AtomFeed.build(store, "https://registry.example.jp/", Instant.parse("2026-07-01T00:00:00Z")),
                StandardCharsets.UTF_8);
        assertTrue(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""), xml);
        assertEquals(2, xml.split("<entry>", -1).length - 1, "the reinstatement is not listed: " + xml);
        assertTrue(xml.indexOf(b.id() + ": suspended") < xml.indexOf(a.id() + ": revoked"), "newest first");
        assertTrue(xml.contains("term=\"A &amp; Co &lt;x&gt;\""), "escaped vendor category");
        assertTrue(xml.contains("<updated>" + at + "</updated>"));
        assertTrue(xml.contains("href=\"https://registry.example.jp/v1/labels/" + a.id() + "\""));
    }
}

package jp.jcstar.registry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.Signer;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.StatusList;
import jp.jcstar.status.StatusListBuilder;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.store.BlobStore;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;

/**
 * Keeps the published files in step with the store: the signed status lists
 * ({@code v1/status-lists/<n>}), the JWKS ({@code .well-known/jwks.json}), each label's signed JWS
 * ({@code v1/label-jws/<id>}, at issuance) and, once its state has changed, its public status document
 * ({@code v1/label-status/<id>}) — the files the verify page decides from (docs/label-format.md §5.1). A list is rebuilt after
 * every change from the store's own record of that list's non-valid entries
 * ({@link LabelStore#listEntries}), which the store keeps in the same atomic step as each status change
 * and reads consistently: one small read per rebuild, whatever the number of labels, and never a change
 * missed because an index lagged. A rebuild signs, writes, then reads again and repeats if a change
 * slipped in meanwhile (in this instance or another), so the last write always reflects every
 * committed change. Thread-safe.
 */
public final class Publisher implements Registry.ChangeListener {
    /**
     * How long a verifier may cache a list before fetching it again. With the CDN's cache lifetime (60 s,
     * template.yaml) it bounds the time from a revocation to the first scan that shows it: the list is
     * published within the operator's request, so at most 60 s (CDN) + 60 s (browser) later (docs/label-format.md).
     */
    public static final Duration TTL = Duration.ofSeconds(60);
    /** Lists are re-signed at least daily (the sweep); three days lets one sweep fail without harm. */
    public static final Duration VALIDITY = Duration.ofDays(3);

    static final String LISTS = "v1/status-lists/";
    public static final String JWKS = ".well-known/jwks.json";
    /** A label's public status document ({@code v1/label-status/<id>}), written at each status change. */
    public static final String LABEL_STATUS = "v1/label-status/";
    /** A label's signed JWS ({@code v1/label-jws/<id>}), written at issuance: what the compact QR form points to. */
    public static final String LABEL_JWS = "v1/label-jws/";

    public static final String STATUS_DOCUMENT_TYPE = "application/json";
    public static final String JWS_TYPE = "application/jose";

    private final LabelStore store;
    private final BlobStore blobs;
    private final Signer signer;
    private final KeySet keys;
    private final Clock clock;
    private final String siteBase;
    private final Set<Integer> dirty = ConcurrentHashMap.newKeySet();
    private final Map<Integer, ReentrantLock> locks = new ConcurrentHashMap<>();
    private volatile boolean exportStale;
    /** A label was revoked, suspended or its support ended (or reinstated): the Atom feed is to be rewritten. */
    private volatile boolean atomStale;

    private volatile boolean jwksSeen;
    private final Set<Integer> seenPublished = ConcurrentHashMap.newKeySet();
    /** Labels whose files (JWS, status document) are still to be written, newest version kept. */
    private final Map<String, LabelRecord> pendingFiles = new ConcurrentHashMap<>();

    private volatile jp.jcstar.log.LogPublisher log;

    public Publisher(LabelStore store, BlobStore blobs, Signer signer, KeySet keys, Clock clock, String siteBase) {
        this.store = store;
        this.blobs = blobs;
        this.signer = signer;
        this.keys = keys;
        this.clock = clock;
        this.siteBase = siteBase.endsWith("/") ? siteBase.substring(0, siteBase.length() - 1) : siteBase;
    }

    /** The URI a list is published at, which is also its {@code sub}. */
    public String listUri(int n) {
        return siteBase + "/v1/status-lists/" + n;
    }

    @Override
    public void changed(LabelRecord record) {
        exportStale = true;
        if (record.version() > 1) atomStale = true;
        pendingFiles.merge(record.id(), record, (a, b) -> b.version() >= a.version() ? b : a);
        int n = record.claims().status().list();
        // a new valid label's entry is 0, as it already is in a published list: nothing to re-sign, unless
        // this instance has not yet seen the list published (first label of a list, or a failed publication)
        if (record.version() == 1 && record.state() == LabelState.VALID && seenPublished.contains(n)) return;
        dirty.add(n);
    }

    /** Also publishes the transparency log (tiles, checkpoint) after every change and in {@link #republishAll}. */
    public void publishLog(jp.jcstar.log.LogPublisher log) {
        this.log = log;
    }

    /**
     * Publishes every list a change touched. Concurrent flushes in one instance coalesce: while one thread
     * rebuilds a list, others only mark it, and that thread rebuilds once more before it returns, so N
     * simultaneous changes cost a few rebuilds, not N (each rebuild reads the store afresh, so it covers
     * every change committed before it started). A list whose publication fails stays marked, so the next
     * flush (the retry of the failed request, any later change, or the daily sweep) publishes it: a stored
     * revocation never stays out of the published list because S3 or KMS failed once.
     */
    @Override
    public void flush() {
        if (!jwksSeen)
            publishJwks(); // the site's verify page reads the JWKS as a file: have it there from the first change
        publishFiles();
        boolean any = false;
        for (Integer n : new ArrayList<>(dirty)) any |= publishCoalesced(n);
        if (any || exportStale) {
            exportStale = false;
            Exporter.markChanged(blobs, clock.instant());
        }
        jp.jcstar.log.LogPublisher l = log;
        if (l != null)
            l.publishAfterChange(); // the change is committed with its entry: sequence it, publish the checkpoint
        if (atomStale) publishAtomFeed();
    }

    /** Writes the Atom feed of revocations, suspensions and support ends ({@link AtomFeed}); a failed write stays marked. */
    public void publishAtomFeed() {
        atomStale = false;
        try {
            blobs.put(AtomFeed.KEY, AtomFeed.build(store, siteBase, clock.instant()), AtomFeed.MEDIA_TYPE);
        } catch (RuntimeException | Error e) {
            atomStale = true;
            throw e;
        }
    }

    /**
     * Writes the files of every changed label before its list is re-signed, so a scan that sees the new
     * list entry finds the status document that explains it: the label's JWS (the compact QR form's
     * target; the same bytes every time) and, once the label has left its first, valid state, its status
     * document. A write that fails stays pending for the next flush.
     */
    private void publishFiles() {
        for (String id : new ArrayList<>(pendingFiles.keySet())) {
            LabelRecord r = pendingFiles.remove(id);
            if (r == null) continue;
            try {
                blobs.put(LABEL_JWS + id, r.jws().getBytes(StandardCharsets.US_ASCII), JWS_TYPE);
                if (r.version() > 1 || r.state() != LabelState.VALID) {
                    blobs.put(
                            LABEL_STATUS + id,
                            statusDocument(r).getBytes(StandardCharsets.UTF_8),
                            STATUS_DOCUMENT_TYPE);
                }
            } catch (RuntimeException | Error e) {
                pendingFiles.merge(id, r, (a, b) -> a.version() >= b.version() ? a : b);
                throw e;
            }
        }
    }

    /**
     * The public status document of a label: its stored state, reason code and the date the state took
     * effect, plus the status entry it explains. Not signed: the verdict comes from the signed list, this
     * only adds the reason and date, and the page uses it only when its state matches the list entry.
     */
    public static String statusDocument(LabelRecord r) {
        var o = jp.jcstar.json.Json.MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("status", r.state().code());
        o.put("reason", r.reason() == null ? null : r.reason().code());
        o.put(
                "statusEffectiveAt",
                r.stateEffectiveAt() == null ? null : r.stateEffectiveAt().toString());
        o.putArray("s").add(r.claims().status().list()).add(r.claims().status().index());
        return new String(jp.jcstar.json.Json.write(o), StandardCharsets.UTF_8);
    }

    private boolean publishCoalesced(int n) {
        ReentrantLock lock = lockOf(n);
        boolean published = false;
        while (dirty.contains(n)) {
            if (!lock.tryLock()) return published; // the holder checks the mark again before it lets go
            try {
                while (dirty.remove(n)) {
                    try {
                        publishList(n);
                        published = true;
                    } catch (RuntimeException | Error e) {
                        dirty.add(n);
                        throw e;
                    }
                }
            } finally {
                lock.unlock();
            }
        }
        return published;
    }

    /** Re-signs every published list and the JWKS (daily, and at start-up), whether or not anything changed. */
    public void republishAll() {
        Set<Integer> lists = new TreeSet<>(publishedLists());
        lists.add(1);
        for (int n : lists) publishList(n);
        publishJwks();
        jp.jcstar.log.LogPublisher l = log;
        if (l != null) l.publish();
        publishAtomFeed();
    }

    public void publishJwks() {
        blobs.put(JWKS, keys.toJson().getBytes(StandardCharsets.UTF_8), "application/jwk-set+json");
        jwksSeen = true;
    }

    /**
     * The signed token of list {@code n}. A list is published when its first label is issued; one that
     * is missing all the same (that publication failed, and no change or sweep has retried it yet) is
     * published here if the store shows it in use — list 1 always, any other once it has a non-valid
     * entry. A number no label uses is empty, answered from one small read: an anonymous request for
     * list 999999 must not cost a scan of the registry.
     */
    public Optional<String> token(int n) {
        Optional<BlobStore.Blob> b = blobs.get(LISTS + n);
        if (b.isPresent()) return Optional.of(new String(b.get().bytes(), StandardCharsets.US_ASCII));
        if (n != 1 && store.listEntries(n).isEmpty()) return Optional.empty();
        return Optional.of(publishList(n));
    }

    /** The numbers of the lists there are (list 1 always, then every published one), ascending. */
    public List<Integer> lists() {
        Set<Integer> lists = new TreeSet<>(publishedLists());
        lists.add(1);
        return List.copyOf(lists);
    }

    List<Integer> publishedLists() {
        List<Integer> out = new ArrayList<>();
        for (String key : blobs.list(LISTS)) {
            String tail = key.substring(LISTS.length());
            if (tail.matches("[1-9][0-9]{0,5}")) out.add(Integer.parseInt(tail));
        }
        return out;
    }

    /**
     * Rebuilds, signs and writes list {@code n}; returns the token written last. One lock per list, on
     * purpose: two rebuilds of one list in this instance take turns (the later one reads the store after
     * the earlier one wrote, so no older token lands last), while different lists are signed and written
     * at the same time — a revocation in list 2 does not wait for list 1's KMS call and S3 write. (A
     * method-wide {@code synchronized} here once made the per-list locks pointless.) The lock is
     * re-entrant: {@link #publishCoalesced} already holds it when it calls this.
     */
    String publishList(int n) {
        ReentrantLock lock = lockOf(n);
        lock.lock();
        try {
            Map<Integer, LabelState> before = store.listEntries(n);
            for (int attempt = 0; ; attempt++) {
                String token = sign(n, before);
                blobs.put(LISTS + n, token.getBytes(StandardCharsets.US_ASCII), StatusListToken.MEDIA_TYPE);
                seenPublished.add(n);
                Map<Integer, LabelState> after = store.listEntries(n);
                if (after.equals(before) || attempt >= 20) return token;
                before = after;
            }
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lockOf(int n) {
        return locks.computeIfAbsent(n, k -> new ReentrantLock());
    }

    private String sign(int n, Map<Integer, LabelState> entries) {
        StatusList list = StatusListBuilder.of(entries, Registry.STATUS_LIST_SIZE);
        Instant now = clock.instant();
        return new StatusListToken(listUri(n), list, now, now.plus(VALIDITY), TTL).sign(signer);
    }
}

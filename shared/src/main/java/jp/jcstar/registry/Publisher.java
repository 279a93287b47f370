package jp.jcstar.registry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.Page;

/**
 * Keeps the published files in step with the store: the signed status lists
 * ({@code v1/status-lists/<n>}) and the JWKS ({@code .well-known/jwks.json}). Status lists are rebuilt
 * from the store — the source of truth — after every change, never patched: a rebuild reads the
 * labels that are not valid (few: revoked, suspended, support-ended), signs, writes, then reads again
 * and repeats if a concurrent change slipped in, so the last write always reflects every committed
 * change. Search indexes may lag the table (a DynamoDB GSI is eventually consistent), so a rebuild
 * also overlays the changes this instance made in the last {@link #OVERLAY} (newer versions win):
 * an operator's revocation is in the very next list even before the index shows it. A change made by
 * another instance in that same window is picked up by that instance's own rebuild, and in any case by
 * the daily republication. Thread-safe.
 */
public final class Publisher implements Registry.ChangeListener {
    /** How long a verifier may cache a list before fetching it again. */
    public static final Duration TTL = Duration.ofHours(1);
    /** Lists are re-signed at least daily (the sweep); three days lets one sweep fail without harm. */
    public static final Duration VALIDITY = Duration.ofDays(3);
    static final String LISTS = "v1/status-lists/";
    public static final String JWKS = ".well-known/jwks.json";
    private static final List<LabelState> LISTED = List.of(LabelState.REVOKED, LabelState.SUSPENDED, LabelState.SUPPORT_ENDED);

    private final LabelStore store;
    private final BlobStore blobs;
    private final Signer signer;
    private final KeySet keys;
    private final Clock clock;
    private final String siteBase;
    /** How long this instance's own changes are overlaid on what the store's indexes return. */
    static final Duration OVERLAY = Duration.ofMinutes(5);

    private final Set<Integer> dirty = ConcurrentHashMap.newKeySet();
    private final Map<String, Recent> recent = new ConcurrentHashMap<>();
    private final Map<Integer, ReentrantLock> locks = new ConcurrentHashMap<>();
    private volatile boolean exportStale;
    private final Set<Integer> seenPublished = ConcurrentHashMap.newKeySet();

    private record Recent(LabelRecord record, Instant at) {}

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
        int n = record.claims().status().list();
        // a new valid label's entry is 0, as it already is in a published list: nothing to re-sign, unless
        // this instance has not yet seen the list published (first label of a list, or a failed publication)
        if (record.version() == 1 && record.state() == LabelState.VALID && seenPublished.contains(n)) return;
        dirty.add(n);
        recent.merge(record.id(), new Recent(record, clock.instant()),
                (old, neu) -> neu.record().version() >= old.record().version() ? neu : old);
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
        boolean any = false;
        for (Integer n : new ArrayList<>(dirty)) any |= publishCoalesced(n);
        if (any || exportStale) {
            exportStale = false;
            Exporter.markChanged(blobs, clock.instant());
        }
    }

    private boolean publishCoalesced(int n) {
        ReentrantLock lock = locks.computeIfAbsent(n, k -> new ReentrantLock());
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
    }

    public void publishJwks() {
        blobs.put(JWKS, keys.toJson().getBytes(StandardCharsets.UTF_8), "application/jwk-set+json");
    }

    /** The signed token of list {@code n}, publishing it first if it was never published. */
    public Optional<String> token(int n) {
        Optional<BlobStore.Blob> b = blobs.get(LISTS + n);
        if (b.isPresent()) return Optional.of(new String(b.get().bytes(), StandardCharsets.US_ASCII));
        if (n != 1 && !listInUse(n)) return Optional.empty();
        return Optional.of(publishList(n));
    }

    List<Integer> publishedLists() {
        List<Integer> out = new ArrayList<>();
        for (String key : blobs.list(LISTS)) {
            String tail = key.substring(LISTS.length());
            if (tail.matches("[1-9][0-9]{0,5}")) out.add(Integer.parseInt(tail));
        }
        return out;
    }

    private boolean listInUse(int n) {
        // labels are spread over lists 1..k, so a list is in use iff some label refers to it
        String cursor = null;
        do {
            Page<LabelRecord> page = store.search(LabelQuery.ALL, cursor, 1000);
            for (LabelRecord r : page.items()) if (r.claims().status().list() == n) return true;
            cursor = page.next();
        } while (cursor != null);
        return false;
    }

    /** Rebuilds, signs and writes list {@code n}; returns the token written last. */
    synchronized String publishList(int n) {
        Map<Integer, LabelState> before = notValid(n);
        for (int attempt = 0; ; attempt++) {
            String token = sign(n, before);
            blobs.put(LISTS + n, token.getBytes(StandardCharsets.US_ASCII), StatusListToken.MEDIA_TYPE);
            seenPublished.add(n);
            Map<Integer, LabelState> after = notValid(n);
            if (after.equals(before) || attempt >= 20) return token;
            before = after;
        }
    }

    private String sign(int n, Map<Integer, LabelState> entries) {
        StatusList.Builder b = StatusList.builder(Registry.STATUS_LIST_SIZE);
        entries.forEach((i, s) -> b.set(i, StatusListBuilder.listValue(s)));
        Instant now = clock.instant();
        return new StatusListToken(listUri(n), b.build(), now, now.plus(VALIDITY), TTL).sign(signer);
    }

    /** Index → stored state of the labels of list {@code n} that are not valid, with this instance's recent changes overlaid. */
    private Map<Integer, LabelState> notValid(int n) {
        Map<Integer, LabelRecord> byIndex = new HashMap<>();
        for (LabelState state : LISTED) {
            String cursor = null;
            do {
                Page<LabelRecord> page = store.search(new LabelQuery(null, null, null, null, null, state), cursor, 1000);
                for (LabelRecord r : page.items()) {
                    if (r.claims().status().list() == n) byIndex.put(r.claims().status().index(), r);
                }
                cursor = page.next();
            } while (cursor != null);
        }
        Instant horizon = clock.instant().minus(OVERLAY);
        recent.values().removeIf(x -> x.at().isBefore(horizon));
        for (Recent x : recent.values()) {
            LabelRecord mine = x.record();
            if (mine.claims().status().list() != n) continue;
            int i = mine.claims().status().index();
            LabelRecord indexed = byIndex.get(i);
            if (indexed != null && indexed.version() >= mine.version()) continue;
            if (LISTED.contains(mine.state())) byIndex.put(i, mine);
            else byIndex.remove(i);
        }
        Map<Integer, LabelState> m = new HashMap<>();
        byIndex.forEach((i, r) -> m.put(i, r.state()));
        return m;
    }
}

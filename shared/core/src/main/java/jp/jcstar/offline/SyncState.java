package jp.jcstar.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import jp.jcstar.json.Json;

/**
 * The contents of {@code sync.json}: where the folder was synced from and, per file, when it was fetched
 * and the validators (ETag / Last-Modified) to ask the server "changed since?" next time.
 *
 * <pre>
 * {"format":1,
 *  "server":"https://registry.example.jp", "siteBase":"https://registry.example.jp",
 *  "lastSync":"2026-05-01T03:00:00Z",
 *  "jwks":{"etag":"\"…\"","lastModified":null,"fetchedAt":"…","checkedAt":"…"},
 *  "lists":{"1":{"etag":"\"…\"","lastModified":null,"fetchedAt":"…","checkedAt":"…"}},
 *  "seen":{"1":"2026-05-01T02:55:00Z"}}
 * </pre>
 *
 * <p>{@code siteBase} and {@code seen} are what sync remembers against rollback: the registry's identity
 * (the lists' {@code sub}), pinned at the first sync, and the newest {@code iat} each list has had. Both
 * are kept whether or not the local copies still verify (a replayed key set from before a rotation
 * makes them fail), and a later sync refuses any list older than what was seen, any other {@code sub},
 * and a snapshot that no longer has a list seen before.
 *
 * @param server   the base URL the folder was synced from
 * @param siteBase the registry's public base URL: list {@code n}'s token has {@code sub = siteBase/v1/status-lists/n}
 * @param lastSync when the last successful sync finished
 * @param jwks     the JWKS file's entry
 * @param lists    list number → entry, ascending
 * @param seen     list number → the newest {@code iat} a verified copy of it has had (absent in folders
 *                 synced before this was kept: then the local copies' own {@code iat} is the floor)
 */
public record SyncState(
        String server,
        String siteBase,
        Instant lastSync,
        Entry jwks,
        SortedMap<Integer, Entry> lists,
        SortedMap<Integer, Instant> seen) {
    public static final int FORMAT = 1;

    /** A state that has seen nothing yet beyond {@code lists}. */
    public SyncState(String server, String siteBase, Instant lastSync, Entry jwks, SortedMap<Integer, Entry> lists) {
        this(server, siteBase, lastSync, jwks, lists, new TreeMap<>());
    }

    public SyncState {
        seen = Collections.unmodifiableSortedMap(new TreeMap<>(seen));
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(siteBase, "siteBase");
        Objects.requireNonNull(lastSync, "lastSync");
        Objects.requireNonNull(jwks, "jwks");
        lists = Collections.unmodifiableSortedMap(new TreeMap<>(lists));
        siteBase = stripSlash(siteBase);
        server = stripSlash(server);
    }

    /**
     * One synced file.
     *
     * @param etag         the server's {@code ETag}, sent back as {@code If-None-Match}; may be null
     * @param lastModified the server's {@code Last-Modified}, sent back as {@code If-Modified-Since}; may be null
     * @param fetchedAt    when the current content was downloaded
     * @param checkedAt    when the server last confirmed it (downloaded, or answered 304 Not Modified)
     */
    public record Entry(String etag, String lastModified, Instant fetchedAt, Instant checkedAt) {
        public Entry {
            Objects.requireNonNull(fetchedAt, "fetchedAt");
            Objects.requireNonNull(checkedAt, "checkedAt");
        }

        /** The same content, confirmed again at {@code when}. */
        public Entry checked(Instant when) {
            return new Entry(etag, lastModified, fetchedAt, when);
        }
    }

    /** The URI list {@code n} is published at, which its token's {@code sub} must equal. */
    public String listUri(int n) {
        return siteBase + "/v1/status-lists/" + n;
    }

    public static String stripSlash(String s) {
        String t = s.strip();
        while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
        return t;
    }

    public byte[] toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("format", FORMAT);
        o.put("server", server);
        o.put("siteBase", siteBase);
        o.put("lastSync", lastSync.toString());
        o.set("jwks", entry(jwks));
        ObjectNode l = o.putObject("lists");
        lists.forEach((n, e) -> l.set(Integer.toString(n), entry(e)));
        ObjectNode sn = o.putObject("seen");
        seen.forEach((n, iat) -> sn.put(Integer.toString(n), iat.toString()));
        return Json.write(o);
    }

    private static ObjectNode entry(Entry e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("etag", e.etag());
        o.put("lastModified", e.lastModified());
        o.put("fetchedAt", e.fetchedAt().toString());
        o.put("checkedAt", e.checkedAt().toString());
        return o;
    }

    /** Reads {@code sync.json}. */
    public static SyncState parse(byte[] json) throws OfflineDataException {
        try {
            JsonNode o = Json.parse(json);
            if (!o.isObject()) throw new OfflineDataException("sync.json is not a JSON object");
            if (o.path("format").asInt(-1) != FORMAT)
                throw new OfflineDataException("sync.json has format " + o.path("format") + ", not " + FORMAT);
            SortedMap<Integer, Entry> lists = new TreeMap<>();
            JsonNode l = o.path("lists");
            if (!l.isObject()) throw new OfflineDataException("sync.json: lists must be an object");
            for (Map.Entry<String, JsonNode> e : l.properties()) {
                if (!e.getKey().matches("[1-9][0-9]{0,5}"))
                    throw new OfflineDataException("sync.json: bad list number " + e.getKey());
                lists.put(Integer.parseInt(e.getKey()), entry(e.getValue(), "lists." + e.getKey()));
            }
            SortedMap<Integer, Instant> seen = new TreeMap<>();
            JsonNode sn = o.path("seen");
            if (!sn.isMissingNode()) {
                if (!sn.isObject()) throw new OfflineDataException("sync.json: seen must be an object");
                for (Map.Entry<String, JsonNode> e : sn.properties()) {
                    if (!e.getKey().matches("[1-9][0-9]{0,5}"))
                        throw new OfflineDataException("sync.json: bad list number in seen: " + e.getKey());
                    seen.put(Integer.parseInt(e.getKey()), instant(sn, e.getKey()));
                }
            }
            return new SyncState(
                    text(o, "server"),
                    text(o, "siteBase"),
                    instant(o, "lastSync"),
                    entry(o.path("jwks"), "jwks"),
                    lists,
                    seen);
        } catch (Json.BadJsonException e) {
            throw new OfflineDataException("sync.json is not valid JSON: " + e.getMessage());
        }
    }

    private static Entry entry(JsonNode n, String where) throws OfflineDataException {
        if (!n.isObject()) throw new OfflineDataException("sync.json: " + where + " must be an object");
        return new Entry(
                optional(n, "etag"), optional(n, "lastModified"), instant(n, "fetchedAt"), instant(n, "checkedAt"));
    }

    private static String text(JsonNode o, String name) throws OfflineDataException {
        JsonNode n = o.get(name);
        if (n == null || !n.isTextual() || n.textValue().isBlank())
            throw new OfflineDataException("sync.json: " + name + " is missing");
        return n.textValue();
    }

    private static String optional(JsonNode o, String name) {
        JsonNode n = o.get(name);
        return n == null || !n.isTextual() ? null : n.textValue();
    }

    private static Instant instant(JsonNode o, String name) throws OfflineDataException {
        String s = text(o, name);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new OfflineDataException("sync.json: " + name + " is not an ISO-8601 instant: " + s);
        }
    }
}

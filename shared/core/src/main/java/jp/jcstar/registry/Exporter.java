package jp.jcstar.registry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntConsumer;
import jp.jcstar.json.Json;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.store.BlobStore;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.Page;

/**
 * The open-data export of the whole registry, as JSON and CSV (UTF-8 with BOM, so spreadsheet software
 * reads the Japanese names). Regenerated lazily: after any change (the {@link Publisher} stamps
 * {@code v1/export/changed-at}) or once a day (statuses move with dates), on the next download.
 */
public final class Exporter {
    public static final String JSON_KEY = "v1/export/labels.json";
    public static final String CSV_KEY = "v1/export/labels.csv";
    static final String CHANGED_AT = "v1/export/changed-at";
    static final String GENERATED_AT = "v1/export/generated-at";
    private static final Duration MAX_AGE = Duration.ofDays(1);

    private final Registry registry;
    private final BlobStore blobs;

    public Exporter(Registry registry, BlobStore blobs) {
        this.registry = registry;
        this.blobs = blobs;
    }

    /** Notes that the registry changed, so the next download regenerates. */
    public static void markChanged(BlobStore blobs, Instant now) {
        blobs.put(CHANGED_AT, now.toString().getBytes(StandardCharsets.US_ASCII), "text/plain");
    }

    public BlobStore.Blob json() {
        return current(JSON_KEY);
    }

    public BlobStore.Blob csv() {
        return current(CSV_KEY);
    }

    /** The file, regenerated first if stale or missing: two small reads and one of the file when it is fresh. */
    private BlobStore.Blob current(String key) {
        refreshIfStale(null);
        Optional<BlobStore.Blob> blob = blobs.get(key);
        if (blob.isPresent()) return blob.get();
        generate(registry.clock().instant(), null); // the file went missing behind the stamp
        return blobs.get(key)
                .orElseThrow(() -> new IllegalStateException("the export " + key + " was written but cannot be read"));
    }

    /** Regenerates both files when the registry changed since they were made, or they are a day old. */
    public synchronized void refreshIfStale(IntConsumer progress) {
        Instant now = registry.clock().instant();
        Optional<Instant> generated = instant(GENERATED_AT); // written after both files
        Optional<Instant> changed = instant(CHANGED_AT);
        boolean stale = generated.isEmpty()
                || (changed.isPresent() && !changed.get().isBefore(generated.get()))
                || generated.get().plus(MAX_AGE).isBefore(now);
        if (stale) generate(now, progress);
    }

    /** Writes both files from a full pass over the registry. */
    public void generate(Instant now, IntConsumer progress) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("generatedAt", now.toString());
        root.put("license", "CC BY 4.0");
        var labels = root.putArray("labels");
        StringBuilder csv = new StringBuilder(
                "\uFEFFid,status,reason,level,vendor,product,models,category,supportEnd,issuedAt,validUntil\r\n");
        String cursor = null;
        int n = 0;
        do {
            Page<LabelView> page = registry.search(LabelQuery.ALL, cursor, 500);
            for (LabelView v : page.items()) {
                ObjectNode o = Views.label(v, false);
                o.remove("jws");
                o.remove("qrText");
                o.remove("qrTextCompact");
                labels.add(o);
                LabelClaims c = v.record().claims();
                csv.append(cell(c.id()))
                        .append(',')
                        .append(v.status().code())
                        .append(',')
                        .append(v.reason() == null ? "" : v.reason().code())
                        .append(',')
                        .append(c.level())
                        .append(',')
                        .append(cell(c.vendor()))
                        .append(',')
                        .append(cell(c.product()))
                        .append(',')
                        .append(cell(String.join(" ", c.models())))
                        .append(',')
                        .append(c.category())
                        .append(',')
                        .append(c.supportEnd())
                        .append(',')
                        .append(c.issuedAt())
                        .append(',')
                        .append(c.validUntil())
                        .append("\r\n");
                n++;
            }
            if (progress != null) progress.accept(n);
            cursor = page.next();
        } while (cursor != null);
        root.put("count", n);
        blobs.put(JSON_KEY, Json.write(root), "application/json; charset=utf-8");
        blobs.put(CSV_KEY, csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv; charset=utf-8");
        blobs.put(GENERATED_AT, now.toString().getBytes(StandardCharsets.US_ASCII), "text/plain");
    }

    /**
     * RFC 4180 quoting; a leading = + - @ tab or CR is prefixed with ' so a spreadsheet never runs it as a
     * formula. A cell holding {@code ;} is quoted too: a semicolon-delimited import (the default in many
     * locales) would otherwise split it, and {@code x;=1} would start a formula cell.
     */
    static String cell(String s) {
        String v = s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        if (v.contains(",")
                || v.contains(";")
                || v.contains("\"")
                || v.contains("\n")
                || v.contains("\r")
                || v.contains("\t")
                || !v.equals(s)) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** When the stored export was generated, if it was. */
    public Optional<Instant> generatedAt() {
        return instant(GENERATED_AT);
    }

    private Optional<Instant> instant(String key) {
        return blobs.get(key).map(b -> Instant.parse(new String(b.bytes(), StandardCharsets.US_ASCII).strip()));
    }
}

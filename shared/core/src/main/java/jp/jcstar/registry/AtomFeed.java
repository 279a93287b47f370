package jp.jcstar.registry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import jp.jcstar.status.LabelState;
import jp.jcstar.store.ChangeEntry;
import jp.jcstar.store.LabelStore;

/**
 * The Atom feed of revocations, suspensions and support-ends ({@code v1/changes.atom}), a static file the
 * {@link Publisher} rewrites after such a change: the newest of them among the last {@link #WINDOW} changes
 * of the change feed, newest first. Each entry names the label, its new state, the reason code and the
 * time it takes effect, and carries the label's vendor and model designations as Atom categories
 * ({@code scheme} {@code …#vendor} / {@code …#model}) so a reader can filter by them; the JSON change
 * feed ({@code GET /v1/changes?vendor=&model=}) filters on the server. Thread-safe (stateless).
 */
public final class AtomFeed {
    private AtomFeed() {}

    /** The published file. */
    public static final String KEY = "v1/changes.atom";

    public static final String MEDIA_TYPE = "application/atom+xml";
    /** How many of the newest changes the file is made from. */
    public static final int WINDOW = 500;

    static boolean listed(LabelState s) {
        return s == LabelState.REVOKED || s == LabelState.SUSPENDED || s == LabelState.SUPPORT_ENDED;
    }

    /** The feed document for the store's newest changes. */
    public static byte[] build(LabelStore store, String siteBase, Instant now) {
        return build(store.latestChanges(WINDOW), siteBase, now);
    }

    static byte[] build(List<ChangeEntry> newestFirst, String siteBase, Instant now) {
        String base = siteBase.endsWith("/") ? siteBase.substring(0, siteBase.length() - 1) : siteBase;
        List<ChangeEntry> entries =
                newestFirst.stream().filter(e -> listed(e.change().to())).toList();
        StringBuilder x = new StringBuilder();
        x.append(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">\n");
        x.append("  <id>").append(esc(base + "/" + KEY)).append("</id>\n");
        x.append("  <title>JC-STAR: revocations, suspensions and support ends / 失効・一時停止・サポート終了</title>\n");
        x.append("  <updated>")
                .append(entries.isEmpty() ? now : entries.getFirst().change().recordedAt())
                .append("</updated>\n");
        x.append("  <author><name>JC-STAR label registry</name></author>\n");
        x.append("  <link rel=\"self\" type=\"")
                .append(MEDIA_TYPE)
                .append("\" href=\"")
                .append(esc(base + "/" + KEY))
                .append("\"/>\n");
        x.append("  <link rel=\"related\" type=\"application/json\" href=\"")
                .append(esc(base + "/v1/changes"))
                .append("\"/>\n");
        for (ChangeEntry e : entries) {
            var c = e.change();
            String label = base + "/v1/labels/" + c.labelId();
            x.append("  <entry>\n");
            x.append("    <id>").append(esc(label + "#" + e.position())).append("</id>\n");
            x.append("    <title>")
                    .append(esc(c.labelId() + ": " + c.to().code()
                            + (c.reason() == null ? "" : " (" + c.reason().code() + ")")))
                    .append("</title>\n");
            x.append("    <updated>").append(c.recordedAt()).append("</updated>\n");
            x.append("    <link rel=\"alternate\" type=\"application/json\" href=\"")
                    .append(esc(label))
                    .append("\"/>\n");
            x.append("    <category scheme=\"")
                    .append(esc(base + "/v1/changes#state"))
                    .append("\" term=\"")
                    .append(c.to().code())
                    .append("\"/>\n");
            x.append("    <category scheme=\"")
                    .append(esc(base + "/v1/changes#vendor"))
                    .append("\" term=\"")
                    .append(esc(e.vendor()))
                    .append("\"/>\n");
            for (String m : e.models()) {
                x.append("    <category scheme=\"")
                        .append(esc(base + "/v1/changes#model"))
                        .append("\" term=\"")
                        .append(esc(m))
                        .append("\"/>\n");
            }
            x.append("    <summary>")
                    .append(esc("label " + c.labelId() + " (" + e.vendor() + " " + String.join(", ", e.models()) + "): "
                            + c.from().code() + " → " + c.to().code()
                            + (c.reason() == null
                                    ? ""
                                    : ", reason " + c.reason().code())
                            + ", effective " + c.effectiveAt()))
                    .append("</summary>\n");
            x.append("  </entry>\n");
        }
        x.append("</feed>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package jp.jcstar.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import jp.jcstar.json.Json;
import jp.jcstar.status.LabelState;

/**
 * What a label is recognised as abroad: the mutual-recognition arrangements of
 * {@code jp/jcstar/recognition/recognition.json} (scheme, country, levels, conditions, since when, source
 * document), applied to one label. Every arrangement recorded so far holds only while the label is
 * unexpired, so its computed {@code validUntil} is the earlier of the label's validity end (as a date in
 * Japan) and its support end. Loaded once; immutable and thread-safe.
 */
public final class Recognition {
    private Recognition() {}

    static final String RESOURCE = "/jp/jcstar/recognition/recognition.json";
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    public record Source(String title, String url) {}

    public record Arrangement(
            String id,
            String scheme,
            String country,
            List<Integer> levels,
            List<String> conditions,
            String effectEn,
            String effectJa,
            LocalDate since,
            Source source) {
        public Arrangement {
            levels = List.copyOf(levels);
            conditions = List.copyOf(conditions);
        }
    }

    /** An arrangement as it applies to one label: {@code applies} while the label is valid now; until {@code validUntil}. */
    public record Applied(Arrangement arrangement, boolean applies, LocalDate validUntil) {}

    private static final List<Arrangement> ALL = load();

    public static List<Arrangement> arrangements() {
        return ALL;
    }

    /** The arrangements covering the label's level, with whether they apply now and until when. */
    public static List<Applied> forLabel(LabelView v) {
        var c = v.record().claims();
        LocalDate validEnd = c.validUntil().atZone(JST).toLocalDate();
        LocalDate until = c.supportEnd().isBefore(validEnd) ? c.supportEnd() : validEnd;
        List<Applied> out = new ArrayList<>();
        for (Arrangement a : ALL) {
            if (!a.levels().contains(c.level())) continue;
            out.add(new Applied(a, v.status() == LabelState.VALID, until));
        }
        return out;
    }

    static List<Arrangement> load() {
        try (InputStream in = Recognition.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing");
            return parse(Json.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** Parses the file; an arrangement without a source title and an https/http URL is refused. */
    static List<Arrangement> parse(JsonNode root) {
        List<Arrangement> out = new ArrayList<>();
        for (JsonNode a : root.path("arrangements")) {
            JsonNode src = a.path("source");
            String title = src.path("title").asText("");
            String url = src.path("url").asText("");
            if (title.isBlank() || !url.matches("https?://[^\\s]+")) {
                throw new IllegalStateException("arrangement " + a.path("id").asText() + " has no cited source");
            }
            List<Integer> levels = new ArrayList<>();
            a.path("levels").forEach(l -> levels.add(l.asInt()));
            List<String> conditions = new ArrayList<>();
            a.path("conditions").forEach(x -> conditions.add(x.asText()));
            out.add(new Arrangement(
                    a.path("id").asText(),
                    a.path("scheme").asText(),
                    a.path("country").asText(),
                    levels,
                    conditions,
                    a.path("effect").path("en").asText(),
                    a.path("effect").path("ja").asText(),
                    LocalDate.parse(a.path("since").asText()),
                    new Source(title, url)));
        }
        return List.copyOf(out);
    }
}

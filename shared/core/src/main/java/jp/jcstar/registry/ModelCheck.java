package jp.jcstar.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jcstar.label.Text;
import jp.jcstar.status.LabelState;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.Page;

/**
 * The bid check ({@code POST /v1/models/check}, {@code jcstar check-models}): for each model designation
 * of a bid, the labels that name it, the best level among the valid ones, and whether the bid's demands
 * hold. A designation matches a label's designation when their search keys are equal
 * ({@link Text#searchKey}: full-width, case, spaces and dashes do not matter, docs/search.md) — equal,
 * not a prefix: SC-300 is not SC-3000. The label's <em>effective</em> status decides validity (support
 * ended or validity over count as not valid). Thread-safe (stateless over the registry).
 *
 * <p>Verdict, in this order: {@code not-found} (no label names it, for this vendor if one is given),
 * {@code not-valid} (labels exist, none valid now), {@code below-level} (no valid label reaches
 * {@code minLevel}), {@code support-ends-early} (the valid labels that reach it all end support before
 * {@code supportUntil}), else {@code meets}. The reported level, support end and validity end are those of
 * the best label: the valid one reaching {@code minLevel} with the latest support end (then highest
 * level), or, when none reaches it, the valid one with the highest level.
 */
public final class ModelCheck {
    /** Models per request at most (the API answers a problem beyond). */
    public static final int MAX_MODELS = 500;
    /** Labels looked at per model at most. */
    static final int MAX_LABELS = 200;
    /** Search pages (of 100 prefix matches, in label id order) looked at per model at most: a designation that starts 1000 others is checked against those first 1000. */
    static final int MAX_PAGES = 10;

    public enum Verdict {
        MEETS("meets"),
        BELOW_LEVEL("below-level"),
        SUPPORT_ENDS_EARLY("support-ends-early"),
        NOT_FOUND("not-found"),
        NOT_VALID("not-valid");

        private final String code;

        Verdict(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public boolean passes() {
            return this == MEETS;
        }
    }

    /** What the bid demands; {@code vendor}, {@code minLevel} and {@code supportUntil} are optional. */
    public record Request(List<String> models, String vendor, Integer minLevel, LocalDate supportUntil) {
        public Request {
            models = List.copyOf(models);
            vendor = vendor == null || vendor.isBlank() ? null : vendor;
            if (models.isEmpty()) throw new IllegalArgumentException("no models");
            if (models.size() > MAX_MODELS) throw new IllegalArgumentException("at most " + MAX_MODELS + " models");
            if (minLevel != null && (minLevel < 1 || minLevel > 4))
                throw new IllegalArgumentException("minLevel must be 1–4");
        }
    }

    /** One label that names the model. */
    public record Found(
            String labelId, int level, LabelState status, String vendor, LocalDate supportEnd, Instant validUntil) {}

    /** The answer for one model of the request. */
    public record Result(
            String model,
            List<Found> labels,
            Integer bestLevel,
            String bestLabel,
            LocalDate supportEnd,
            Instant validUntil,
            Verdict verdict) {
        public Result {
            labels = List.copyOf(labels);
        }
    }

    private final Registry registry;

    public ModelCheck(Registry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** One result per requested model, in the request's order (a model asked twice is looked up once). */
    public List<Result> check(Request req) {
        Map<String, List<Found>> byKey = new LinkedHashMap<>();
        List<Result> out = new ArrayList<>();
        for (String model : req.models()) {
            String key = Text.searchKey(model);
            List<Found> found = byKey.computeIfAbsent(key, k -> lookUp(model, k, req.vendor()));
            out.add(judge(model, found, req));
        }
        return out;
    }

    private List<Found> lookUp(String model, String key, String vendor) {
        List<Found> found = new ArrayList<>();
        if (key.isEmpty()) return found;
        String cursor = null;
        int pages = 0;
        do {
            Page<LabelView> page = registry.search(new LabelQuery(vendor, model, null, null, null, null), cursor, 100);
            for (LabelView v : page.items()) {
                var c = v.record().claims();
                if (c.models().stream().noneMatch(m -> Text.searchKey(m).equals(key)))
                    continue; // a prefix, not this model
                found.add(new Found(v.id(), c.level(), v.status(), c.vendor(), c.supportEnd(), c.validUntil()));
            }
            cursor = page.next();
        } while (cursor != null && found.size() < MAX_LABELS && ++pages < MAX_PAGES);
        return found;
    }

    static Result judge(String model, List<Found> found, Request req) {
        if (found.isEmpty()) return new Result(model, found, null, null, null, null, Verdict.NOT_FOUND);
        List<Found> valid =
                found.stream().filter(f -> f.status() == LabelState.VALID).toList();
        if (valid.isEmpty()) return new Result(model, found, null, null, null, null, Verdict.NOT_VALID);
        int min = req.minLevel() == null ? 1 : req.minLevel();
        List<Found> enough = valid.stream().filter(f -> f.level() >= min).toList();
        if (enough.isEmpty()) {
            Found best = valid.stream()
                    .max(Comparator.comparingInt(Found::level).thenComparing(Found::supportEnd))
                    .orElseThrow();
            return result(model, found, best, Verdict.BELOW_LEVEL);
        }
        Found best = enough.stream()
                .max(Comparator.comparing(Found::supportEnd).thenComparingInt(Found::level))
                .orElseThrow();
        if (req.supportUntil() != null && best.supportEnd().isBefore(req.supportUntil()))
            return result(model, found, best, Verdict.SUPPORT_ENDS_EARLY);
        return result(model, found, best, Verdict.MEETS);
    }

    private static Result result(String model, List<Found> found, Found best, Verdict v) {
        return new Result(model, found, best.level(), best.labelId(), best.supportEnd(), best.validUntil(), v);
    }
}

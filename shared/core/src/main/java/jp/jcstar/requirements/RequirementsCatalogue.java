package jp.jcstar.requirements;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.jcstar.json.Json;

/**
 * The JC-STAR security requirements catalogue: 18 categories and their requirements, each with its
 * ☆1 flag and the clauses of other schemes it corresponds to.
 *
 * <p>The data is {@code catalogue.json} beside this class, generated from the seed document by
 * {@code scripts/build-catalogue.py} (see {@code docs/requirements.md}). {@link #get()} loads it
 * from the classpath once; instances are immutable and thread-safe.
 */
public final class RequirementsCatalogue {
    public static final String RESOURCE = "/jp/jcstar/requirements/catalogue.json";

    private static final Pattern ID = Pattern.compile("([1-9][0-9]?)-([1-9][0-9]?)");

    private final List<RequirementCategory> categories;
    private final List<Scheme> schemes;
    private final List<Requirement> all;
    private final List<Requirement> starOne;
    private final Map<String, Requirement> byId;
    private final List<Correction> corrections;
    private final byte[] json;

    private RequirementsCatalogue(JsonNode root) {
        List<Scheme> schemes = new ArrayList<>();
        for (JsonNode s : array(root, "schemes")) {
            schemes.add(new Scheme(text(s, "key"), text(s, "name"), text(s, "seedLabel"), text(s, "origin")));
        }
        Map<String, Scheme> schemeByKey = new LinkedHashMap<>();
        for (Scheme s : schemes) {
            if (schemeByKey.put(s.key(), s) != null) throw bad("scheme " + s.key() + " listed twice");
        }

        Map<Integer, RequirementCategory> categoryByNumber = new LinkedHashMap<>();
        for (JsonNode c : array(root, "categories")) {
            RequirementCategory cat =
                    new RequirementCategory(c.path("number").asInt(), text(c, "name"), text(c, "nameJa"));
            if (categoryByNumber.put(cat.number(), cat) != null)
                throw bad("category " + cat.number() + " listed twice");
        }

        List<Requirement> all = new ArrayList<>();
        Map<String, Requirement> byId = new LinkedHashMap<>();
        for (JsonNode r : array(root, "requirements")) {
            String id = text(r, "id");
            var m = ID.matcher(id);
            if (!m.matches()) throw bad("requirement id " + id + " is not N-M");
            RequirementCategory cat = categoryByNumber.get(r.path("category").asInt());
            if (cat == null || cat.number() != Integer.parseInt(m.group(1))) {
                throw bad("requirement " + id + " has category " + r.path("category"));
            }
            Map<String, List<String>> refs = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : r.path("references").properties()) {
                if (!schemeByKey.containsKey(e.getKey()))
                    throw bad("requirement " + id + " cites unknown scheme " + e.getKey());
                List<String> clauses = new ArrayList<>();
                for (JsonNode c : e.getValue()) clauses.add(c.asText());
                refs.put(e.getKey(), clauses);
            }
            Requirement req = new Requirement(
                    id,
                    cat,
                    text(r, "text"),
                    r.path("starOne").asBoolean(),
                    refs,
                    r.path("sourceReferences").asText(""));
            if (byId.put(id, req) != null) throw bad("requirement " + id + " listed twice");
            all.add(req);
        }

        List<Correction> corrections = new ArrayList<>();
        for (JsonNode c : root.path("corrections")) {
            corrections.add(new Correction(
                    text(c, "requirement"),
                    text(c, "field"),
                    text(c, "from"),
                    c.path("to").isNull() ? null : text(c, "to"),
                    text(c, "why")));
        }

        this.schemes = List.copyOf(schemes);
        this.categories = List.copyOf(categoryByNumber.values());
        this.all = List.copyOf(all);
        this.starOne = all.stream().filter(Requirement::starOne).toList();
        this.byId = Map.copyOf(byId);
        this.corrections = List.copyOf(corrections);
        this.json = Json.write(root);
    }

    private static final class Holder {
        static final RequirementsCatalogue INSTANCE = loadResource();
    }

    /** The catalogue shipped with the code, loaded from the classpath on first use. */
    public static RequirementsCatalogue get() {
        return Holder.INSTANCE;
    }

    /** Reads a catalogue document (the shape of {@code catalogue.json}); throws IllegalStateException if inconsistent. */
    public static RequirementsCatalogue fromJson(byte[] json) {
        return new RequirementsCatalogue(Json.parse(json));
    }

    private static RequirementsCatalogue loadResource() {
        try (InputStream in = RequirementsCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + RESOURCE);
            return fromJson(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** All requirements in catalogue order (category, then number). */
    public List<Requirement> all() {
        return all;
    }

    public Optional<Requirement> byId(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** The requirements marked ✓ in the seed: the ☆1 self-declaration set. */
    public List<Requirement> starOne() {
        return starOne;
    }

    public List<RequirementCategory> categories() {
        return categories;
    }

    /** The cited schemes, foreign first, in the catalogue's order. */
    public List<Scheme> schemes() {
        return schemes;
    }

    /** Fixes made to the seed when building the catalogue. */
    public List<Correction> corrections() {
        return corrections;
    }

    /** The whole catalogue as compact UTF-8 JSON: the body of {@code GET /v1/requirements}. A fresh copy each call. */
    public byte[] toJson() {
        return json.clone();
    }

    private static Iterable<JsonNode> array(JsonNode root, String field) {
        JsonNode n = root.path(field);
        if (!n.isArray() || n.isEmpty()) throw bad("catalogue has no " + field);
        return n;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isTextual()) throw bad("catalogue entry lacks text field " + field + ": " + n);
        return v.asText();
    }

    private static IllegalStateException bad(String message) {
        return new IllegalStateException("bad requirements catalogue: " + message);
    }
}

package jp.jcstar.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jcstar.json.Json;

/**
 * Maps {@link LabelClaims} to and from the label payload JSON of format version 1 (short claim names,
 * see {@code docs/label-format.md}). Output is compact UTF-8 with no {@code \\u} escapes. Parsing
 * rejects by default: unknown claims, missing claims and wrong JSON types each fail with their own
 * {@link Problem}. Thread-safe.
 */
public final class LabelCodec {
    private LabelCodec() {}

    /** Claim names of format version 1, in the order they are written. */
    public static final List<String> CLAIMS = List.of("v", "id", "lv", "m", "p", "vn", "c", "se", "iat", "exp", "s");

    private static final Set<String> KNOWN = Set.copyOf(CLAIMS);

    public enum Problem {
        PAYLOAD_NOT_JSON("payload-not-json"),
        DUPLICATE_KEY("duplicate-key"),
        UNSUPPORTED_VERSION("unsupported-version"),
        MISSING_CLAIM("missing-claim"),
        BAD_CLAIM_TYPE("bad-claim-type"),
        UNKNOWN_CLAIM("unknown-claim"),
        BAD_CLAIM_VALUE("bad-claim-value");

        public final String code;

        Problem(String code) {
            this.code = code;
        }
    }

    /** The payload could not be read as label claims. */
    public static final class ClaimsException extends Exception {
        private final Problem problem;

        public ClaimsException(Problem problem, String detail) {
            super(detail);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public static byte[] encode(LabelClaims c) {
        return Json.write(toNode(c));
    }

    public static ObjectNode toNode(LabelClaims c) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("v", LabelClaims.FORMAT_VERSION);
        o.put("id", c.id());
        o.put("lv", c.level());
        ArrayNode m = o.putArray("m");
        c.models().forEach(m::add);
        o.put("p", c.product());
        o.put("vn", c.vendor());
        o.put("c", c.category());
        o.put("se", c.supportEnd().toString());
        o.put("iat", c.issuedAt().getEpochSecond());
        o.put("exp", c.validUntil().getEpochSecond());
        ArrayNode s = o.putArray("s");
        s.add(c.status().list());
        s.add(c.status().index());
        return o;
    }

    /** The claims in the readable form the API returns (long names, ISO dates). */
    public static ObjectNode toReadableNode(LabelClaims c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", c.id());
        o.put("level", c.level());
        ArrayNode m = o.putArray("models");
        c.models().forEach(m::add);
        o.put("product", c.product());
        o.put("vendor", c.vendor());
        o.put("category", c.category());
        o.put("supportEnd", c.supportEnd().toString());
        o.put("issuedAt", c.issuedAt().toString());
        o.put("validUntil", c.validUntil().toString());
        ObjectNode s = o.putObject("status");
        s.put("list", c.status().list());
        s.put("index", c.status().index());
        return o;
    }

    public static LabelClaims decode(byte[] payload) throws ClaimsException {
        JsonNode n;
        try {
            n = Json.parse(payload);
        } catch (Json.BadJsonException e) {
            throw new ClaimsException(
                    e.duplicateKey() ? Problem.DUPLICATE_KEY : Problem.PAYLOAD_NOT_JSON, e.getMessage());
        }
        if (!n.isObject()) throw new ClaimsException(Problem.PAYLOAD_NOT_JSON, "payload is not a JSON object");
        JsonNode v = n.get("v");
        if (v == null) throw new ClaimsException(Problem.MISSING_CLAIM, "missing claim v");
        // canConvertToLong: a BigInteger such as 2^64 + 1 would otherwise pass as its low 64 bits, 1
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() != LabelClaims.FORMAT_VERSION) {
            throw new ClaimsException(
                    Problem.UNSUPPORTED_VERSION, "label format version " + v + " is not supported (1 is)");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!KNOWN.contains(e.getKey()))
                throw new ClaimsException(Problem.UNKNOWN_CLAIM, "unknown claim " + e.getKey());
        }
        String id = text(n, "id");
        int lv = (int) integer(n, "lv", 1, 9);
        List<String> models = new ArrayList<>();
        JsonNode m = required(n, "m");
        if (!m.isArray()) throw new ClaimsException(Problem.BAD_CLAIM_TYPE, "claim m must be an array of strings");
        for (JsonNode e : m) {
            if (!e.isTextual())
                throw new ClaimsException(Problem.BAD_CLAIM_TYPE, "claim m must be an array of strings");
            models.add(e.textValue());
        }
        String p = text(n, "p");
        String vn = text(n, "vn");
        String c = text(n, "c");
        LocalDate se;
        try {
            String raw = text(n, "se");
            if (raw.length() != 10) throw new DateTimeParseException("length", raw, 0);
            se = LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new ClaimsException(Problem.BAD_CLAIM_VALUE, "claim se must be a date YYYY-MM-DD");
        }
        long iat = integer(n, "iat", 0, 253402300799L);
        long exp = integer(n, "exp", 0, 253402300799L);
        JsonNode s = required(n, "s");
        if (!s.isArray()
                || s.size() != 2
                || !s.get(0).isIntegralNumber()
                || !s.get(1).isIntegralNumber()
                || !s.get(0).canConvertToInt()
                || !s.get(1).canConvertToInt()) {
            throw new ClaimsException(Problem.BAD_CLAIM_TYPE, "claim s must be [list, index]");
        }
        try {
            return new LabelClaims(
                    id,
                    lv,
                    models,
                    p,
                    vn,
                    c,
                    se,
                    Instant.ofEpochSecond(iat),
                    Instant.ofEpochSecond(exp),
                    new StatusRef(s.get(0).intValue(), s.get(1).intValue()));
        } catch (IllegalArgumentException e) {
            throw new ClaimsException(Problem.BAD_CLAIM_VALUE, e.getMessage());
        }
    }

    private static JsonNode required(JsonNode n, String name) throws ClaimsException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) throw new ClaimsException(Problem.MISSING_CLAIM, "missing claim " + name);
        return v;
    }

    private static String text(JsonNode n, String name) throws ClaimsException {
        JsonNode v = required(n, name);
        if (!v.isTextual()) throw new ClaimsException(Problem.BAD_CLAIM_TYPE, "claim " + name + " must be a string");
        return v.textValue();
    }

    private static long integer(JsonNode n, String name, long min, long max) throws ClaimsException {
        JsonNode v = required(n, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ClaimsException(Problem.BAD_CLAIM_TYPE, "claim " + name + " must be an integer");
        }
        long x = v.longValue();
        if (x < min || x > max) throw new ClaimsException(Problem.BAD_CLAIM_VALUE, "claim " + name + " out of range");
        return x;
    }
}

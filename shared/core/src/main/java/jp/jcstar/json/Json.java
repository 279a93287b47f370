package jp.jcstar.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one JSON configuration of the project: strict for untrusted input (duplicate keys rejected,
 * nesting and number sizes bounded, no trailing tokens) and UTF-8 without {@code \\u} escapes on output.
 * Thread-safe.
 */
public final class Json {
    private Json() {}

    public static final int MAX_DEPTH = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(64)
                            .maxStringLength(2_000_000)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /**
     * Parses untrusted JSON; throws {@link BadJsonException} with a short reason on any defect. The
     * bytes must be well-formed UTF-8: Jackson's own decoder lets overlong forms through (C0 80 would
     * smuggle a NUL past every check that looks for one), so a strict JDK decoder goes first.
     */
    public static JsonNode parse(byte[] bytes) {
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadJsonException("not well-formed UTF-8");
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) throw new BadJsonException("empty document");
            return node;
        } catch (BadJsonException e) {
            throw e;
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            String m = e.getOriginalMessage();
            if (m != null && m.startsWith("Duplicate field")) throw new BadJsonException("duplicate key", true);
            throw new BadJsonException("not well-formed JSON");
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new BadJsonException("JSON too deep or too large");
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage();
            if (m != null && m.contains("Duplicate field")) throw new BadJsonException("duplicate key", true);
            throw new BadJsonException("not well-formed JSON");
        }
    }

    public static JsonNode parse(String s) {
        return parse(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Untrusted JSON that could not be read. */
    public static final class BadJsonException extends IllegalArgumentException {
        private final boolean duplicateKey;

        public BadJsonException(String message) {
            this(message, false);
        }

        public BadJsonException(String message, boolean duplicateKey) {
            super(message);
            this.duplicateKey = duplicateKey;
        }

        public boolean duplicateKey() {
            return duplicateKey;
        }
    }

    static {
        // Keep the parser from silently accepting comments or single quotes.
        MAPPER.getFactory().disable(JsonParser.Feature.ALLOW_COMMENTS);
    }
}

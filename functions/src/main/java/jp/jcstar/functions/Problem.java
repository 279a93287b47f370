package jp.jcstar.functions;

import java.util.Map;

/**
 * An RFC 9457 problem the API answers with. {@code type} is {@code /problems/<code>}, a stable
 * identifier clients can switch on; {@code extensions} adds members such as the list of failures.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final Map<String, Object> extensions;

    public Problem(int status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public Problem(int status, String code, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public static Problem badRequest(String code, String detail) {
        return new Problem(400, code, "Bad request", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not-found", "Not found", detail);
    }
}

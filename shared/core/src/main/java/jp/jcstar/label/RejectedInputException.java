package jp.jcstar.label;

/**
 * Input from outside that the registry refuses: the caller's fault, answered with a 4xx problem whose
 * type is {@code /problems/}{@link #code()}. The kinds are closed (sealed): a handler maps each to its
 * status ({@link BadRequest} 400, {@link NotFound} 404, {@link Conflict} 409, {@link Unprocessable} 422)
 * and a new kind does not compile until it is mapped. Any other exception from our own code, a plain
 * {@link IllegalArgumentException} included, is our failure: a 500 with an incident id.
 *
 * <p>It extends {@link IllegalArgumentException} so that code which catches bad arguments (tests, the
 * CLI's parsers, the store contract) keeps catching these; it lives in the domain's base package because
 * the label, store, status and registry code all throw it.
 */
public abstract sealed class RejectedInputException extends IllegalArgumentException
        permits RejectedInputException.BadRequest,
                RejectedInputException.NotFound,
                RejectedInputException.Conflict,
                RejectedInputException.Unprocessable {
    private final String code;

    private RejectedInputException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The problem type: {@code /problems/<code>}. */
    public String code() {
        return code;
    }

    /** 400: malformed or out-of-range input. */
    public static non-sealed class BadRequest extends RejectedInputException {
        public BadRequest(String code, String message) {
            super(code, message);
        }
    }

    /** 404: no such thing. */
    public static non-sealed class NotFound extends RejectedInputException {
        public NotFound(String code, String message) {
            super(code, message);
        }
    }

    /** 409: well-formed, but refused in the current state. */
    public static non-sealed class Conflict extends RejectedInputException {
        public Conflict(String code, String message) {
            super(code, message);
        }
    }

    /** 422: well-formed, but breaking the registry's rules. */
    public static non-sealed class Unprocessable extends RejectedInputException {
        public Unprocessable(String code, String message) {
            super(code, message);
        }
    }
}

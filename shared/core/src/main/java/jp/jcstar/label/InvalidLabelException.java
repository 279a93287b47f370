package jp.jcstar.label;

/** Untrusted input that does not form a valid label or application; {@link #field()} names the culprit. */
public class InvalidLabelException extends RejectedInputException.Unprocessable {
    private final String field;

    public InvalidLabelException(String field, String message) {
        super("invalid-application", message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

package jp.jcstar.registry;

import java.util.List;
import jp.jcstar.label.RejectedInputException;

/** An application that cannot be issued; {@link #failures()} lists every failing field or requirement. */
public class ApplicationRejectedException extends RejectedInputException.Unprocessable {
    /** One failing field or requirement id, with a stable code and a message for people. */
    public record Failure(String field, String code, String message) {}

    private final List<Failure> failures;

    public ApplicationRejectedException(List<Failure> failures) {
        super(
                "invalid-application",
                failures.size() == 1
                        ? failures.getFirst().message()
                        : failures.size() + " problems in the application");
        this.failures = List.copyOf(failures);
    }

    public List<Failure> failures() {
        return failures;
    }
}

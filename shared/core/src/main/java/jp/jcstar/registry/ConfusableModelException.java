package jp.jcstar.registry;

import java.util.List;
import jp.jcstar.label.RejectedInputException;

/**
 * An application names a model designation that looks like one already issued to another vendor (the
 * two share a UTS #39 skeleton, {@link jp.jcstar.label.Confusables}), and the operator has not confirmed
 * it: {@link #lookAlikes()} names each such designation and its label.
 */
public final class ConfusableModelException extends RejectedInputException.Conflict {
    /** The application's {@code model} looks like {@code existing}, issued as label {@code labelId}. */
    public record LookAlike(String model, String existing, String labelId) {}

    private final List<LookAlike> lookAlikes;

    public ConfusableModelException(List<LookAlike> lookAlikes) {
        super("confusable-model", describe(lookAlikes));
        this.lookAlikes = List.copyOf(lookAlikes);
    }

    public List<LookAlike> lookAlikes() {
        return lookAlikes;
    }

    private static String describe(List<LookAlike> l) {
        LookAlike first = l.getFirst();
        return "model designation " + first.model() + " looks like " + first.existing() + " of label " + first.labelId()
                + ", issued to another vendor" + (l.size() > 1 ? " (and " + (l.size() - 1) + " more)" : "")
                + "; to issue it anyway, confirm each look-alike in confirmConfusable";
    }
}

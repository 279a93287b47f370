package jp.jcstar.registry;

import jp.jcstar.label.RejectedInputException;

/** No label with this id in the registry. */
public class LabelNotFoundException extends RejectedInputException.NotFound {
    private final String id;

    public LabelNotFoundException(String id) {
        super("not-found", "no label " + id + " in the registry");
        this.id = id;
    }

    /** The id asked for, as given (untrusted: clean it before echoing it). */
    public String id() {
        return id;
    }
}

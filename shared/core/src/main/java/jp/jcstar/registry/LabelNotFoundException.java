package jp.jcstar.registry;

/** No label with this id in the registry. */
public class LabelNotFoundException extends RuntimeException {
    private final String id;

    public LabelNotFoundException(String id) {
        super("no label " + id + " in the registry");
        this.id = id;
    }

    /** The id asked for, as given (untrusted: clean it before echoing it). */
    public String id() {
        return id;
    }
}

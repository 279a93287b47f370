package jp.jcstar.registry;

/** No label with this id in the registry. */
public class LabelNotFoundException extends RuntimeException {
    public LabelNotFoundException(String id) {
        super("no label " + id + " in the registry");
    }
}

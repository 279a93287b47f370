package jp.jcstar.label;

/**
 * Where a label's status lives: entry {@code index} of status list number {@code list}
 * (IETF Token Status List, published at {@code /v1/status-lists/{list}}).
 */
public record StatusRef(int list, int index) {
    public StatusRef {
        if (list < 1) throw new IllegalArgumentException("status list number must be >= 1");
        if (index < 0) throw new IllegalArgumentException("status index must be >= 0");
    }
}

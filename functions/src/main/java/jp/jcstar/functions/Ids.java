package jp.jcstar.functions;

/** Echoing ids back safely: an attacker-chosen path parameter is cut short and stripped of controls. */
final class Ids {
    private Ids() {}

    static String printable(String s) {
        if (s == null) return "";
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.codePoints()
                .filter(c -> !Character.isISOControl(c)
                        && Character.getType(c) != Character.FORMAT
                        && Character.getType(c) != Character.SURROGATE)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}

package jp.jcstar.store;

import jp.jcstar.label.Text;
import jp.jcstar.status.LabelState;

/**
 * A registry search. Every field is optional; all given fields must match.
 * {@code vendor} and {@code product} match as substrings, {@code model} as a prefix of any
 * model designation, all after {@link Text#searchKey} normalisation (so full-width ＡＢＣ finds ABC);
 * {@code category}, {@code level} and {@code state} match exactly. {@code state} is the stored state.
 */
public record LabelQuery(
        String vendor, String model, String product, String category, Integer level, LabelState state) {
    public static final LabelQuery ALL = new LabelQuery(null, null, null, null, null, null);

    public LabelQuery {
        vendor = blankToNull(vendor);
        model = blankToNull(model);
        product = blankToNull(product);
        category = blankToNull(category);
        if (level != null && (level < 1 || level > 4)) throw new IllegalArgumentException("level must be 1–4");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** True when {@code r} matches this query; adapters that cannot filter natively use it. */
    public boolean matches(LabelRecord r) {
        var c = r.claims();
        if (vendor != null && !Text.searchKey(c.vendor()).contains(Text.searchKey(vendor))) return false;
        if (product != null && !Text.searchKey(c.product()).contains(Text.searchKey(product))) return false;
        if (model != null
                && c.models().stream().noneMatch(m -> Text.searchKey(m).startsWith(Text.searchKey(model))))
            return false;
        if (category != null && !category.equals(c.category())) return false;
        if (level != null && level != c.level()) return false;
        if (state != null && state != r.state()) return false;
        return true;
    }
}

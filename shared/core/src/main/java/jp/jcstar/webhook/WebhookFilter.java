package jp.jcstar.webhook;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.Text;
import jp.jcstar.store.ChangeEntry;

/**
 * Which changes a subscription receives: those of the listed labels (empty: any label) whose vendor
 * contains {@code vendor} and one of whose model designations starts with {@code model} (null: any),
 * compared as search keys ({@link Text#searchKey}), as the change feed's filters are.
 */
public record WebhookFilter(Set<String> labelIds, String vendor, String model) {
    public static final int MAX_LABEL_IDS = 1000;

    public WebhookFilter {
        labelIds = labelIds == null ? Set.of() : Set.copyOf(new TreeSet<>(labelIds));
        if (labelIds.size() > MAX_LABEL_IDS)
            throw new IllegalArgumentException("a filter lists at most " + MAX_LABEL_IDS + " label ids");
        for (String id : labelIds)
            if (!LabelClaims.ID.matcher(id).matches())
                throw new IllegalArgumentException("labelIds holds a value that is not a label id");
        vendor = clean("vendor", vendor);
        model = clean("model", model);
    }

    public static WebhookFilter any() {
        return new WebhookFilter(Set.of(), null, null);
    }

    private static String clean(String name, String v) {
        if (v == null || v.isBlank()) return null;
        if (v.length() > 100) throw new IllegalArgumentException(name + " may be at most 100 characters");
        if (!Text.isCleanLine(v.strip(), 100))
            throw new IllegalArgumentException(name + " holds control, format or unpaired surrogate characters");
        if (Text.searchKey(v).isEmpty())
            throw new IllegalArgumentException(name + " holds only characters that search ignores");
        return v.strip();
    }

    public boolean matches(ChangeEntry e) {
        if (!labelIds.isEmpty() && !labelIds.contains(e.change().labelId())) return false;
        if (vendor != null && !Text.searchKey(e.vendor()).contains(Text.searchKey(vendor))) return false;
        if (model == null) return true;
        String key = Text.searchKey(model);
        List<String> models = e.models();
        return models.stream().anyMatch(m -> Text.searchKey(m).startsWith(key));
    }
}

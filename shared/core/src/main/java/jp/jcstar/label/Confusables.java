package jp.jcstar.label;

import com.ibm.icu.text.SpoofChecker;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Unicode UTS #39 confusable skeletons of model designations, so issuance can refuse a designation that
 * looks like one already issued to another vendor ({@code SC-3OO} with letter O for {@code SC-300},
 * Cyrillic {@code С} for Latin {@code C}, full-width {@code ＳＣ－３００}). Two designations are confusable
 * when they share a skeleton. Uses ICU4J's {@link SpoofChecker}: only issuance needs it, and the public
 * functions' jar leaves ICU out, so nothing on the public read path may call this class.
 *
 * <p>A designation has two skeletons (documented in docs/search.md): the UTS #39 skeleton of its
 * {@link Text#searchKey} (NFKC, no spaces or dashes) in upper case, and the same in lower case, each
 * tagged with its case. Both are needed because the confusables table is case-sensitive: it maps digit
 * {@code 0} to capital {@code O} (lower-case {@code o} stays apart), and digit {@code 1} and capital
 * {@code I} to lower-case {@code l}.
 */
public final class Confusables {
    private Confusables() {}

    private static final class Holder {
        static final SpoofChecker CHECKER = new SpoofChecker.Builder().build();
    }

    /** The skeletons of a model designation: two designations are confusable when they share one. */
    public static Set<String> skeletons(String model) {
        String key = Text.searchKey(model);
        Set<String> out = new LinkedHashSet<>();
        out.add("U" + Holder.CHECKER.getSkeleton(key.toUpperCase(Locale.ROOT)));
        out.add("L" + Holder.CHECKER.getSkeleton(key));
        return out;
    }

    /** True when the two designations share a skeleton. */
    public static boolean confusable(String a, String b) {
        Set<String> sa = skeletons(a);
        return skeletons(b).stream().anyMatch(sa::contains);
    }
}

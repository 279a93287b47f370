package jp.jcstar.requirements;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The mutual-recognition view of a declaration: which clauses of each foreign scheme the
 * requirements answered {@code conforms} correspond to, according to the seed's reference columns.
 * It is a correspondence table, not a claim of conformity to those schemes.
 */
public final class ForeignMapping {
    private ForeignMapping() {}

    /** {@link #covered(RequirementsCatalogue, Declaration)} over the shipped catalogue. */
    public static Map<String, List<String>> covered(Declaration declaration) {
        return covered(RequirementsCatalogue.get(), declaration);
    }

    /**
     * For every foreign scheme of the catalogue (ETSI EN 303 645, UK PSTI, NISTIR 8425, EU CRA,
     * Singapore CLS, IEC 62443-4-1/4-2), in catalogue order: the distinct clause ids cited by the
     * requirements answered {@code conforms}, sorted in natural order ({@code 5.3-2} before
     * {@code 5.3-10}). Schemes with nothing covered map to an empty list. Answers to unknown
     * requirement ids and {@code not-applicable} answers contribute nothing.
     */
    public static Map<String, List<String>> covered(RequirementsCatalogue catalogue, Declaration declaration) {
        Map<String, TreeSet<String>> sets = new LinkedHashMap<>();
        for (Scheme s : catalogue.schemes()) if (s.foreign()) sets.put(s.key(), new TreeSet<>(NATURAL));
        for (Declaration.Answer a : declaration.answers()) {
            if (a.verdict() != Declaration.Verdict.CONFORMS) continue;
            catalogue
                    .byId(a.requirement())
                    .ifPresent(r -> sets.forEach((scheme, set) -> set.addAll(r.clauses(scheme))));
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        sets.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** Compares strings piecewise: runs of digits numerically, everything else by character. */
    static final Comparator<String> NATURAL = ForeignMapping::compareNatural;

    private static int compareNatural(String a, String b) {
        List<String> pa = pieces(a), pb = pieces(b);
        for (int i = 0; i < Math.min(pa.size(), pb.size()); i++) {
            String x = pa.get(i), y = pb.get(i);
            boolean dx = isAsciiDigit(x.charAt(0)), dy = isAsciiDigit(y.charAt(0));
            int c;
            if (dx && dy) {
                String tx = x.replaceFirst("^0+(?=.)", ""), ty = y.replaceFirst("^0+(?=.)", "");
                c = tx.length() != ty.length() ? Integer.compare(tx.length(), ty.length()) : tx.compareTo(ty);
                if (c == 0) c = x.compareTo(y);
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) return c;
        }
        return Integer.compare(pa.size(), pb.size());
    }

    private static List<String> pieces(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            boolean digit = isAsciiDigit(s.charAt(i));
            int j = i;
            while (j < s.length() && isAsciiDigit(s.charAt(j)) == digit) j++;
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

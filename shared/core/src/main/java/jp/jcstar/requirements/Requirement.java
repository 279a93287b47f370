package jp.jcstar.requirements;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One security requirement of the catalogue.
 *
 * @param id               e.g. {@code 2-1}: category number, dash, number within the category
 * @param category         its category
 * @param text             the requirement text as in the seed (English)
 * @param starOne          true where the seed marks the row ✓ (part of the ☆1 self-declaration)
 * @param references       scheme key → cited clause ids, in the catalogue's scheme order; schemes not cited are absent
 * @param sourceReferences the seed's reference cells verbatim (before any correction), for audit
 */
public record Requirement(
        String id,
        RequirementCategory category,
        String text,
        boolean starOne,
        Map<String, List<String>> references,
        String sourceReferences) {

    public Requirement {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (references != null) references.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        references = Collections.unmodifiableMap(copy);
    }

    /** The clause ids this requirement cites in the given scheme; empty when it cites none. */
    public List<String> clauses(String schemeKey) {
        return references.getOrDefault(schemeKey, List.of());
    }

    /** All cited clauses, flattened in scheme order. */
    public List<Reference> referenceList() {
        List<Reference> out = new ArrayList<>();
        references.forEach((scheme, clauses) -> clauses.forEach(c -> out.add(new Reference(scheme, c))));
        return List.copyOf(out);
    }
}

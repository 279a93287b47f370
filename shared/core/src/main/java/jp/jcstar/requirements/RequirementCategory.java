package jp.jcstar.requirements;

/**
 * One of the 18 requirement categories of the seed's table.
 *
 * @param number 1–18, as numbered in the seed
 * @param name   the seed's (English) name, e.g. {@code No universal default passwords}
 * @param nameJa the project's Japanese translation of {@code name}; not IPA's official wording
 */
public record RequirementCategory(int number, String name, String nameJa) {}

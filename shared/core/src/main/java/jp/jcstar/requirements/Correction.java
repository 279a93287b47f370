package jp.jcstar.requirements;

/**
 * A fix made to the seed's text while building the catalogue (scripts/build-catalogue.py).
 *
 * @param requirement the requirement id (after correction) the fix belongs to
 * @param field       {@code id}, {@code text} or {@code references.<scheme key>}
 * @param from        what the seed says
 * @param to          what the catalogue says; {@code null} when the fragment was dropped
 * @param why         the reason
 */
public record Correction(String requirement, String field, String from, String to, String why) {}

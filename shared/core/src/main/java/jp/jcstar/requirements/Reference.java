package jp.jcstar.requirements;

/** One cited clause: scheme key (see {@link Scheme#key()}) and the clause id within it, e.g. {@code etsi-en-303-645} / {@code 5.1-1}. */
public record Reference(String scheme, String clause) {}

package jp.jcstar.requirements;

/**
 * A scheme or standard the requirements table cites.
 *
 * @param key       stable key used in the catalogue, e.g. {@code etsi-en-303-645}
 * @param name      display name
 * @param seedLabel the bracketed tag the seed uses, e.g. {@code UK: PSTI Act}
 * @param origin    {@code foreign} (the seed's "other countries" column, including IEC) or {@code domestic}
 */
public record Scheme(String key, String name, String seedLabel, String origin) {
    public boolean foreign() {
        return "foreign".equals(origin);
    }
}

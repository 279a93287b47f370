package jp.jcstar.store;

import java.util.List;

/** One page of results; {@code next} is an opaque cursor for the next page, or null at the end. */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}

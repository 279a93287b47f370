package jp.jcstar.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property runner: a generator draws inputs from a seeded random source and a property must hold
 * for every one. Tries per property: {@code -Dfuzz.tries=N} (default 1,000; the big run uses 100,000 —
 * Maven profile {@code fuzz}). A failure names the seed, and {@code -Dfuzz.seed=S} replays that run.
 * (No shrinking: failing inputs are printed as drawn.)
 */
public final class Props {
    private Props() {}

    public static int tries() {
        return Integer.getInteger("fuzz.tries", 1000);
    }

    public static <T> void forAll(String property, Function<SplittableRandom, T> generator, Consumer<T> check) {
        forAll(property, tries(), generator, check);
    }

    /** As {@link #forAll(String, Function, Consumer)} with an explicit number of tries (for costly properties). */
    public static <T> void forAll(
            String property, int tries, Function<SplittableRandom, T> generator, Consumer<T> check) {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random);
            try {
                check.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        property + " failed at try " + (i + 1) + " of " + tries + " (replay with -Dfuzz.seed=" + seed
                                + "): input " + abbreviate(String.valueOf(input)),
                        e);
            }
        }
    }

    // ---- generators

    public static String string(SplittableRandom r, String alphabet, int min, int max) {
        int n = min + r.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString();
    }

    /** Any UTF-16 text, lone surrogates and control characters included. */
    public static String anyString(SplittableRandom r, int max) {
        int n = r.nextInt(max + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(anyChar(r));
        return sb.toString();
    }

    /** Mostly ASCII, sometimes anything. */
    public static char anyChar(SplittableRandom r) {
        return r.nextInt(4) == 0 ? (char) r.nextInt(0x10000) : (char) r.nextInt(0x80);
    }

    public static byte[] bytes(SplittableRandom r, int min, int max) {
        byte[] b = new byte[min + r.nextInt(max - min + 1)];
        r.nextBytes(b);
        return b;
    }

    @SafeVarargs
    public static <T> T oneOf(SplittableRandom r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    public static <T> T oneOf(SplittableRandom r, List<T> choices) {
        return choices.get(r.nextInt(choices.size()));
    }

    public static <T> List<T> list(SplittableRandom r, int min, int max, Function<SplittableRandom, T> element) {
        int n = min + r.nextInt(max - min + 1);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(element.apply(r));
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }
}

package jp.jcstar.functions;

/** The function's configuration, from environment variables (template.yaml sets them). */
final class Env {
    private Env() {}

    static String get(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The embedded database under the data folder {@code home} (laptop mode). */
    static String h2Url(java.nio.file.Path home) {
        return "jdbc:h2:file:" + home.toAbsolutePath().resolve("registry");
    }

    static String required(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) throw new IllegalStateException("environment variable " + name + " is not set");
        return v;
    }
}

package jp.jcstar.functions;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One API route: method, path template with {@code {name}} segments (as in API Gateway and
 * template.yaml), the handler, and whether only the operator may call it.
 */
public record Route(
        String method,
        String path,
        Function<Wiring, ApiHandler> handler,
        Class<? extends ApiHandler> handlerClass,
        boolean operator) {

    public String routeKey() {
        return method + " " + path;
    }

    /** The path parameters if {@code rawPath} matches this template, else empty. */
    public Optional<Map<String, String>> match(String rawPath) {
        String[] want = path.split("/", -1);
        String[] got = rawPath.split("/", -1);
        if (want.length != got.length) return Optional.empty();
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            String w = want[i];
            if (w.startsWith("{") && w.endsWith("}")) {
                if (got[i].isEmpty()) return Optional.empty();
                params.put(w.substring(1, w.length() - 1), got[i]);
            } else if (!w.equals(got[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}

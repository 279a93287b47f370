import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone benchmark of the verify page (not a test): headless Chromium over the DevTools protocol, a fresh
 * browser context per run (cold HTTP cache, no service worker), CPU throttled 4x and the DevTools "Fast 4G"
 * profile (9 Mbps down, 1.5 Mbps up, 60 ms x 2.75 latency, x 0.9 throughput, as DevTools applies it).
 * Measures navigation start to the verdict in the page (#verdict gets data-verdict) and to the verdict on
 * screen (the frame after it painted: a task posted from the next animation frame runs once that frame's style,
 * layout and paint are done), the requests made before it and their bytes on the wire; then the same page again in the same context (warm: HTTP cache and
 * service worker). Median of N runs. Usage (bench/verify-page/run.sh does it all):
 *   java bench/verify-page/VerifyPageBench.java BASE_URL [RUNS]
 */
public class VerifyPageBench {
    static final String CHROMIUM = System.getProperty("chromium", "/usr/bin/chromium");
    static final double DOWN = 9_000_000 / 8.0 * 0.9, UP = 1_500_000 / 8.0 * 0.9, LATENCY = 60 * 2.75;
    /** BENCH_CPU=1 measures without CPU throttling (to tell the machine's load from the page's work); default 4. */
    static final String CPU_RATE = System.getenv().getOrDefault("BENCH_CPU", "4");
    static final String OBSERVER = """
        (() => { new MutationObserver((_, o) => { const v = document.getElementById('verdict');
          if (v && v.dataset.verdict && window.__verdictAt === undefined) { window.__verdictAt = performance.now(); window.__verdict = v.dataset.verdict; performance.mark('verdict'); o.disconnect();
            requestAnimationFrame(() => setTimeout(() => { window.__paintedAt = performance.now(); performance.mark('verdict-painted'); })); } })
          .observe(document, { subtree: true, attributes: true, childList: true }); })();""";
    static final String COUNT = """
        (() => { const at = window.__verdictAt; const nav = performance.getEntriesByType('navigation')[0];
          const rs = performance.getEntriesByType('resource').filter(e => e.startTime <= at);
          const net = rs.filter(e => e.transferSize > 0).length + (nav.transferSize > 0 ? 1 : 0);
          return [1 + rs.length, nav.transferSize + rs.reduce((s, e) => s + e.transferSize, 0), net].join(' '); })()""";

    final WebSocket ws;
    final AtomicInteger ids = new AtomicInteger();
    final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    /** BENCH_TRACE: the trace events of one load (Tracing.dataCollected), and the end of its collection. */
    final StringBuilder trace = new StringBuilder();
    volatile CompletableFuture<Void> traceDone = new CompletableFuture<>();

    VerifyPageBench(String wsUrl) throws Exception {
        StringBuilder buf = new StringBuilder();
        ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                buf.append(data);
                if (last) {
                    String msg = buf.toString();
                    buf.setLength(0);
                    Matcher m = Pattern.compile("^\\{\"id\":(\\d+),").matcher(msg);
                    if (m.find()) {
                        CompletableFuture<String> f = pending.remove(Integer.parseInt(m.group(1)));
                        if (f != null) f.complete(msg);
                    } else if (msg.startsWith("{\"method\":\"Tracing.dataCollected\"")) {
                        int a = msg.indexOf('['), z = msg.lastIndexOf(']');
                        synchronized (trace) {
                            if (trace.length() > 0 && z > a + 1) trace.append(',');
                            trace.append(msg, a + 1, z);
                        }
                    } else if (msg.startsWith("{\"method\":\"Tracing.tracingComplete\"")) {
                        traceDone.complete(null);
                    }
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    String send(String session, String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<String> f = new CompletableFuture<>();
        pending.put(id, f);
        ws.sendText("{\"id\":" + id + (session == null ? "" : ",\"sessionId\":\"" + session + "\"") + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true);
        String r = f.get(30, TimeUnit.SECONDS);
        if (r.contains("\"error\":")) throw new IllegalStateException(method + ": " + r);
        return r;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    String eval(String session, String expr) throws Exception {
        String q = expr.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
        return field(send(session, "Runtime.evaluate", "{\"expression\":\"" + q + "\",\"returnByValue\":true}"), "value");
    }

    /** One navigation; returns {ms to the verdict, requests, bytes, requests over the network, ms to the verdict painted}. */
    double[] load(String session, String url) throws Exception {
        send(session, "Page.navigate", "{\"url\":\"about:blank\"}");
        Thread.sleep(100);
        send(session, "Page.navigate", "{\"url\":\"" + url + "\"}");
        long deadline = System.nanoTime() + 30_000_000_000L;
        String at;
        String painted;
        while ((painted = eval(session, "window.__paintedAt")) == null || painted.equals("undefined") || painted.isEmpty()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("no verdict within 30 s");
            Thread.sleep(20);
        }
        at = eval(session, "window.__verdictAt");
        String verdict = eval(session, "window.__verdict");
        if (!"valid".equals(verdict)) throw new IllegalStateException("verdict " + verdict);
        String[] rb = eval(session, COUNT).split(" ");
        if (System.getenv("BENCH_TIMELINE") != null) {
            System.out.println(eval(session, "performance.getEntries().filter(e => e.entryType !== 'mark').map(e => e.name.replace(/^https?:..[^/]+/, '').slice(0, 40) + ' '"
                    + " + Math.round(e.startTime) + '-' + Math.round(e.responseEnd || e.duration)).join(' | ') + ' | verdict ' + Math.round(window.__verdictAt)"));
        }
        return new double[] {Double.parseDouble(at), Double.parseDouble(rb[0]), Double.parseDouble(rb[1]), Double.parseDouble(rb[2]), Double.parseDouble(painted)};
    }

    /**
     * BENCH_TRACE=PREFIX: one load under a DevTools trace (script parse/compile/run, style, layout, paint, user
     * timing marks), written to PREFIX-NAME.json for chrome://tracing, Perfetto or bench/verify-page/trace-summary.mjs.
     */
    double[] tracedLoad(String session, String url, String file) throws Exception {
        synchronized (trace) {
            trace.setLength(0);
        }
        traceDone = new CompletableFuture<>();
        send(session, "Tracing.start", "{\"traceConfig\":{\"includedCategories\":[\"devtools.timeline\",\"disabled-by-default-devtools.timeline\","
                + "\"v8.execute\",\"v8\",\"blink.user_timing\",\"loading\",\"disabled-by-default-v8.compile\",\"disabled-by-default-v8.cpu_profiler\",\"blink\",\"navigation\"]},\"transferMode\":\"ReportEvents\"}");
        double[] r = load(session, url);
        send(session, "Tracing.end", "{}");
        traceDone.get(30, TimeUnit.SECONDS);
        synchronized (trace) {
            Files.writeString(Path.of(file), "{\"traceEvents\":[" + trace + "]}");
        }
        System.out.println("trace written to " + file);
        return r;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** One site under test: its label URL and what its runs measured. */
    static final class Site {
        final String name, url;
        final List<Double> cold = new ArrayList<>(), warm = new ArrayList<>(), coldPainted = new ArrayList<>(), warmPainted = new ArrayList<>(), reqs = new ArrayList<>(), bytes = new ArrayList<>(), warmReqs = new ArrayList<>();

        Site(String name, String url) {
            this.name = name;
            this.url = url;
        }
    }

    /**
     * args[0]: the base URL, or several as NAME=URL,NAME=URL (bench/verify-page/run.sh's BENCH_BASELINE): their runs
     * alternate, so a busy machine's load falls on every site alike.
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        List<Site> sites = new ArrayList<>();
        for (String spec : args[0].split(",")) {
            int eq = spec.indexOf('=');
            String name = eq > 0 ? spec.substring(0, eq) : "";
            String base = (eq > 0 ? spec.substring(eq + 1) : spec).replaceAll("/$", "");
            String labels = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/labels?status=valid&limit=1")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String qr = field(labels, "qrText");
            sites.add(new Site(name, base + "/v" + qr.substring(qr.indexOf('#'))));
        }
        Path profile = Files.createTempDirectory("verify-bench");
        Process chrome = new ProcessBuilder(CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-extensions",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=412,915").redirectErrorStream(true).start();
        String wsUrl = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(chrome.getInputStream()));
        for (String line; wsUrl == null && (line = err.readLine()) != null; ) if (line.contains("DevTools listening on ")) wsUrl = line.substring(line.indexOf("ws://"));
        Thread drain = new Thread(() -> { try { while (err.readLine() != null) { } } catch (Exception ignored) { } });
        drain.setDaemon(true);
        drain.start();
        try {
            VerifyPageBench b = new VerifyPageBench(wsUrl);
            System.out.printf("verify page %s%nCPU " + CPU_RATE + "x, Fast 4G (%.0f ms, %.2f Mbps down), %d runs + 1 warm-up%n", args[0], LATENCY, DOWN * 8 / 1e6, runs);
            for (int i = 0; i <= runs; i++) {
                for (Site site : sites) {
                    String ctx = field(b.send(null, "Target.createBrowserContext", "{}"), "browserContextId");
                    String target = field(b.send(null, "Target.createTarget", "{\"url\":\"about:blank\",\"browserContextId\":\"" + ctx + "\"}"), "targetId");
                    String s = field(b.send(null, "Target.attachToTarget", "{\"targetId\":\"" + target + "\",\"flatten\":true}"), "sessionId");
                    b.send(s, "Page.enable", "{}");
                    b.send(s, "Network.enable", "{}");
                    b.send(s, "Network.emulateNetworkConditions", String.format(java.util.Locale.ROOT,
                            "{\"offline\":false,\"latency\":%.1f,\"downloadThroughput\":%.1f,\"uploadThroughput\":%.1f,\"connectionType\":\"cellular4g\"}", LATENCY, DOWN, UP));
                    b.send(s, "Emulation.setCPUThrottlingRate", "{\"rate\":" + CPU_RATE + "}");
                    b.send(s, "Page.addScriptToEvaluateOnNewDocument", "{\"source\":\"" + OBSERVER.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"}");
                    String tracePrefix = i == 1 && System.getenv("BENCH_TRACE") != null ? System.getenv("BENCH_TRACE") + (site.name.isEmpty() ? "" : "-" + site.name) : null;
                    double[] c = tracePrefix != null ? b.tracedLoad(s, site.url, tracePrefix + "-cold.json") : b.load(s, site.url);
                    // the service worker registers after the verdict: wait until it controls the page (at most 10 s)
                    for (int t = 0; t < 200 && !"true".equals(b.eval(s, "navigator.serviceWorker.controller !== null")); t++) Thread.sleep(50);
                    double[] w = tracePrefix != null ? b.tracedLoad(s, site.url, tracePrefix + "-warm.json") : b.load(s, site.url);
                    b.send(null, "Target.disposeBrowserContext", "{\"browserContextId\":\"" + ctx + "\"}");
                    System.out.printf("run %2d%s%s: cold %6.0f ms (painted %4.0f), %2.0f requests, %6.0f bytes | warm %5.0f ms (painted %4.0f), %2.0f requests, %2.0f over the network%n",
                            i, i == 0 ? " (warm-up)" : "", site.name.isEmpty() ? "" : " " + site.name, c[0], c[4], c[1], c[2], w[0], w[4], w[1], w[3]);
                    if (i == 0) continue;
                    site.cold.add(c[0]);
                    site.coldPainted.add(c[4]);
                    site.warmPainted.add(w[4]);
                    site.reqs.add(c[1]);
                    site.bytes.add(c[2]);
                    site.warm.add(w[0]);
                    site.warmReqs.add(w[3]);
                }
            }
            for (Site site : sites) {
                System.out.printf("%smedian cold %.0f ms (min %.0f, max %.0f; painted %.0f), %.0f requests, %.1f KB; warm %.0f ms (min %.0f, max %.0f; painted %.0f), %.0f over the network%n",
                        site.name.isEmpty() ? "" : site.name + ": ", median(site.cold), Collections.min(site.cold), Collections.max(site.cold), median(site.coldPainted), median(site.reqs),
                        median(site.bytes) / 1024, median(site.warm), Collections.min(site.warm), Collections.max(site.warm), median(site.warmPainted), median(site.warmReqs));
            }
        } finally {
            chrome.destroy();
        }
    }
}

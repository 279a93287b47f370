package jp.jcstar.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import jp.jcstar.functions.Wiring;
import jp.jcstar.lint.SuppressForbidden;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jcstar serve}: the whole registry on this machine, with demo data on first start. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the registry locally: API, registry site, JWKS, QR images and status lists on one port.")
@SuppressForbidden("the local server reports on its console")
public final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(
            names = "--data",
            description = "Data folder (database, files, signing key, operator token). Default: ~/.jcstar")
    Path data;

    @Option(names = "--empty", description = "Do not load the demo data on first start.")
    boolean empty;

    @Option(
            names = "--site-base",
            description = "Public base URL printed in QR codes. Default: http://127.0.0.1:<port>")
    String siteBase;

    @Override
    public Integer call() throws Exception {
        Path home = data != null ? data : Path.of(System.getProperty("user.home"), ".jcstar");
        if (port != 0) requirePortFree(port); // before the data folder, key and token are made
        DataFolder.secure(
                home, System.out); // 0700 / 0600 whatever the umask; warns about a key or token others could read
        int p = port == 0 ? freePort() : port;
        String base = siteBase != null ? siteBase : "http://127.0.0.1:" + p;
        Wiring wiring = Wiring.embedded(home, base, Clock.systemUTC());
        OperatorToken token = OperatorToken.loadOrCreate(home.resolve("operator-token"));
        DataFolder.secure(home, System.out); // what opening the database and creating the key and token just made
        LocalServer server = new LocalServer(wiring, token, "127.0.0.1", p);
        Path seeded = home.resolve("demo-seeded");
        if (!empty
                && !Files.exists(seeded)
                && wiring.registry()
                        .search(jp.jcstar.store.LabelQuery.ALL, null, 1)
                        .items()
                        .isEmpty()) {
            System.out.println("loading demo data (first start)...");
            int n = DemoData.seed(wiring);
            Files.writeString(seeded, "demo data loaded\n");
            System.out.println("  " + n + " demo labels issued");
        }
        // as the daily schedule does in AWS: store what dates have decided, re-sign every list; then daily
        LocalSweep sweep = new LocalSweep(wiring);
        int moved = sweep.runAtStart(wiring);
        if (moved > 0)
            System.out.println("  " + moved + (moved == 1 ? " label" : " labels")
                    + " moved to support-ended or expired by the sweep");
        sweep.schedule();
        // signed webhooks: the durable queue in the database and its worker (resumes after a restart)
        LocalWebhooks webhooks = new LocalWebhooks(home, wiring.registry().store(), Clock.systemUTC());
        webhooks.start();
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping...");
            sweep.close();
            try {
                webhooks.close();
            } catch (Exception e) {
                System.err.println("webhook worker did not stop cleanly: " + e);
            }
            server.close();
            stopped.countDown();
        }));
        String url = "http://127.0.0.1:" + server.port();
        System.out.println();
        System.out.println("JC-STAR label registry running (data in " + home + ")");
        System.out.println("  registry site   " + url + "/");
        System.out.println("  API             " + url + "/v1/labels");
        System.out.println("  JWKS            " + url + "/.well-known/jwks.json");
        System.out.println("  status list     " + url + "/v1/status-lists/1");
        // never the whole token: start-up output ends up in logs
        System.out.println("  operator token  in " + token.file() + " (begins " + token.hint()
                + "); send it as 'Authorization: Bearer <token>'");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    /** Fails with a plain message (not a BindException) when the port is taken. */
    static void requirePortFree(int port) {
        try (var s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "port " + port + " on 127.0.0.1 is in use (another jcstar serve?); stop it or give --port");
        }
    }

    static int freePort() throws java.io.IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

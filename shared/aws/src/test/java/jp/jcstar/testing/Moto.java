package jp.jcstar.testing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import jp.jcstar.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The moto server (AWS API emulator) the AWS adapter tests talk to. Uses {@code AWS_ENDPOINT_URL}
 * when set (CI starts {@code python3 -m moto.server -H 127.0.0.1 -p 5055}); otherwise starts moto on
 * a free port with the first {@code ~/.pyenv/versions/<v>/bin/python3} that can import it, once
 * per JVM, and stops it at exit. No usable moto is a test failure, not a skip: these tests guard the
 * production adapters and must not silently vanish.
 *
 * <p>Credentials and region are fixed dummies passed to the client builders, never taken from the
 * developer's environment, so a test can never reach a real AWS account.
 */
public final class Moto {
    private Moto() {}

    public static final Region REGION = Region.AP_NORTHEAST_1;
    private static final StaticCredentialsProvider DUMMY =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    private static volatile URI endpoint;
    private static volatile AwsClients clients;

    /** The moto endpoint, starting moto if needed. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            String env = System.getenv("AWS_ENDPOINT_URL");
            endpoint = env != null && !env.isBlank() ? URI.create(env.strip()) : start();
        }
        return endpoint;
    }

    /** Clients for moto with dummy credentials, region ap-northeast-1. */
    public static synchronized AwsClients clients() {
        if (clients == null) clients = AwsClients.forEndpoint(endpoint(), REGION, DUMMY, new SerialTransactions());
        return clients;
    }

    /**
     * Sends this JVM's DynamoDB transactions to moto one at a time. moto 5.x runs requests on many
     * threads and rolls a failed {@code TransactWriteItems} back by restoring a deep copy of the whole
     * table taken before it started, with no lock: a concurrent failed transaction can then erase or
     * resurrect another one's writes, which real DynamoDB (serialisable transactions, TransactionConflict)
     * never does. Serialising only the transaction calls keeps the callers concurrent (reads, retries,
     * the adapter's conflict handling) while giving moto the isolation DynamoDB guarantees.
     */
    static final class SerialTransactions implements ExecutionInterceptor {
        private static final ReentrantLock LOCK = new ReentrantLock();

        private static boolean isTransaction(Context.BeforeExecution c) {
            return c.request() instanceof TransactWriteItemsRequest;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (isTransaction(context)) LOCK.lock();
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof TransactWriteItemsRequest && LOCK.isHeldByCurrentThread()) LOCK.unlock();
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof TransactWriteItemsRequest && LOCK.isHeldByCurrentThread()) LOCK.unlock();
        }
    }

    /** Clients for any emulator (LocalStack uses this with its own credentials). */
    public static AwsClients forEndpoint(URI endpoint, String region, String accessKey, String secretKey) {
        return AwsClients.forEndpoint(
                endpoint,
                Region.of(region),
                accessKey.equals("testing") && secretKey.equals("testing")
                        ? DUMMY
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    }

    /** A table or bucket name no other test uses, so all test classes can share one moto. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static URI start() {
        String python = findPython();
        int port = freePort();
        try {
            File log = Path.of("target", "moto-" + port + ".log").toFile();
            log.getParentFile().mkdirs();
            Process p = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                p.destroy();
                try {
                    if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                }
            }));
            URI uri = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) throw new IllegalStateException("moto exited with " + p.exitValue() + "; see " + log);
                if (responds(uri)) return uri;
                Thread.sleep(50); // polling for readiness, not a timing assertion
            }
            throw new IllegalStateException("moto did not answer on " + uri + " within 30 s; see " + log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto with " + python, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean responds(URI uri) {
        try {
            var c = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(1000);
            int code = c.getResponseCode();
            c.disconnect();
            return code > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String findPython() {
        Path versions = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        List<Path> candidates;
        try (Stream<Path> s = Files.isDirectory(versions) ? Files.list(versions) : Stream.empty()) {
            candidates = s.map(v -> v.resolve("bin").resolve("python3"))
                    .filter(Files::isExecutable)
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            candidates = List.of();
        }
        for (Path py : candidates) {
            try {
                Process p = new ProcessBuilder(py.toString(), "-c", "import moto")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) return py.toString();
                p.destroyForcibly();
            } catch (IOException e) {
                // not usable; try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(
                "No moto server for the AWS adapter tests: set AWS_ENDPOINT_URL to a running moto "
                        + "(python3 -m moto.server -H 127.0.0.1 -p 5055) or install it: pip install 'moto[server]' "
                        + "(looked in " + versions + "/*/bin/python3)");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}

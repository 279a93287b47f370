package jp.jcstar.signing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SignerContract} against the embedded adapter: a key file, as the local server keeps it. "The same
 * key" is a second signer loaded from the same file, as after a restart.
 */
class LocalKeySignerContractTest extends SignerContract {
    @TempDir
    Path dir;

    private final AtomicInteger files = new AtomicInteger();
    /** Key file by key id. */
    private final Map<String, Path> fileOf = new HashMap<>();

    @Override
    protected synchronized Signer createSigner() {
        Path file = dir.resolve("keys/signing-" + files.incrementAndGet() + ".key");
        Signer signer = LocalKeySigner.loadOrCreate(file);
        fileOf.put(signer.keyId(), file);
        return signer;
    }

    @Override
    protected synchronized Signer sameKey(Signer signer) {
        return LocalKeySigner.loadOrCreate(fileOf.get(signer.keyId()));
    }
}

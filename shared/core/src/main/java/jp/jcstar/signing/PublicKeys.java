package jp.jcstar.signing;

import java.security.interfaces.ECPublicKey;
import java.util.Optional;

/**
 * Where a verifier looks up the operator's public keys by key id. A {@link KeySet} is a fixed set; a
 * source backed by a key directory ({@code jp.jcstar.store.KeyDirectoryKeys}) can learn keys added
 * after it was built. Implementations are thread-safe.
 */
public interface PublicKeys {
    /** The key with this kid, or empty if it is not one of the operator's keys (as far as known now). */
    Optional<ECPublicKey> find(String kid);

    /** The keys known now. */
    KeySet current();
}

package jp.jcstar.store;

import jp.jcstar.signing.KeySet;

/**
 * Port: the operator's public keys (current and retired), kept next to the labels so that the public
 * read-only functions can verify labels without access to the signing service (no KMS client, no
 * KMS permission). The functions that hold the signer publish the key set they are configured with;
 * the verifiers load it. Implemented by DynamoDB ({@code jp.jcstar.aws.DynamoKeyDirectory}) and by
 * the embedded database ({@code jp.jcstar.embedded.H2KeyDirectory}); both pass
 * {@code KeyDirectoryContract}. Implementations are thread-safe.
 */
public interface KeyDirectory {
    /**
     * Replaces the published key set with {@code keys}, which must not be empty. Idempotent: every
     * signer-holding function of one deployment publishes the same set. A key left out (a retired key
     * dropped after a compromise) stops verifying once verifiers reload.
     *
     * @throws IllegalArgumentException if {@code keys} is empty
     */
    void publish(KeySet keys);

    /** The published key set; empty if nothing has been published yet. */
    KeySet load();
}

package jp.jcstar.store;

import java.util.List;
import java.util.Optional;

/**
 * Port: public files (JWKS, status lists, QR images, artwork, exports). S3 behind CloudFront in AWS,
 * a local folder on a laptop. Keys are relative paths such as {@code v1/status-lists/1};
 * implementations reject keys with {@code ..}, a leading {@code /}, or backslashes.
 */
public interface BlobStore {
    record Blob(byte[] bytes, String contentType) {}

    void put(String key, byte[] bytes, String contentType);

    Optional<Blob> get(String key);

    /** Keys under {@code prefix}, sorted. */
    List<String> list(String prefix);

    static void checkKey(String key) {
        if (key == null
                || key.isEmpty()
                || key.startsWith("/")
                || key.contains("\\")
                || key.contains("..")
                || key.length() > 512
                || key.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("bad blob key: " + key);
        }
    }
}

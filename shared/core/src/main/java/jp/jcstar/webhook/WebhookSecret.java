package jp.jcstar.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A subscription's signing secret in the Standard Webhooks form: {@code whsec_} and the base64 of 24 to 64
 * random bytes (standardwebhooks.com, "Signature scheme"). {@link #sign} makes the {@code webhook-signature}
 * header: {@code v1,} and the base64 HMAC-SHA256 of {@code "{id}.{timestamp}.{body}"} keyed with the decoded
 * bytes. {@link #toString()} never shows the secret. Immutable, thread-safe.
 */
public final class WebhookSecret {
    public static final String PREFIX = "whsec_";
    private static final int BYTES = 32;
    private final byte[] key;

    private WebhookSecret(byte[] key) {
        if (key.length < 24 || key.length > 64) throw new IllegalArgumentException("a webhook secret has 24..64 bytes");
        this.key = key.clone();
    }

    /** A new secret of 32 random bytes. */
    public static WebhookSecret generate(SecureRandom random) {
        byte[] k = new byte[BYTES];
        random.nextBytes(k);
        return new WebhookSecret(k);
    }

    /** The secret from its {@code whsec_…} form. */
    public static WebhookSecret parse(String value) {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith(PREFIX)) throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        try {
            return new WebhookSecret(Base64.getDecoder().decode(value.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is whsec_ and base64", e);
        }
    }

    /** The {@code whsec_…} form: shown to the subscriber once, stored so the registry can sign. */
    public String value() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header value for this message. */
    public String sign(String webhookId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret s && java.security.MessageDigest.isEqual(key, s.key);
    }

    @Override
    public int hashCode() {
        return 1;
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}

package jp.jcstar.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Base64;
import java.util.Map;
import jp.jcstar.log.LogPublisher;
import jp.jcstar.log.Tiles;
import jp.jcstar.store.BlobStore;

/**
 * The transparency log's public files on the local server, at the paths CloudFront serves them in AWS:
 * {@code /files/v1/log/…} (checkpoint, tiles, entry bundles) and {@code /files/.well-known/jcstar-log-key}.
 */
final class LogFiles {
    private LogFiles() {}

    static boolean served(String rawPath) {
        return rawPath.startsWith("/files/" + Tiles.PREFIX) || rawPath.equals("/files/" + LogPublisher.KEY);
    }

    static APIGatewayV2HTTPResponse answer(BlobStore blobs, String rawPath) {
        String key = rawPath.substring("/files/".length());
        APIGatewayV2HTTPResponse r = new APIGatewayV2HTTPResponse();
        java.util.Optional<BlobStore.Blob> blob;
        try {
            blob = key.contains("..") || key.contains("%") ? java.util.Optional.empty() : blobs.get(key);
        } catch (IllegalArgumentException e) {
            blob = java.util.Optional.empty(); // not a key the files can hold (BlobStore.checkKey)
        }
        if (blob.isEmpty()) {
            r.setStatusCode(404);
            r.setHeaders(Map.of("content-type", "text/plain; charset=utf-8", "cache-control", "no-store"));
            r.setBody("not found\n");
            return r;
        }
        boolean immutable = key.startsWith(Tiles.PREFIX + "tile/");
        r.setStatusCode(200);
        r.setHeaders(Map.of(
                "content-type",
                blob.get().contentType() == null
                        ? "application/octet-stream"
                        : blob.get().contentType(),
                "cache-control",
                immutable ? "public, max-age=31536000, immutable" : "no-cache"));
        r.setIsBase64Encoded(true);
        r.setBody(Base64.getEncoder().encodeToString(blob.get().bytes()));
        return r;
    }
}

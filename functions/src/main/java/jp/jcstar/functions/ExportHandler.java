package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import jp.jcstar.registry.Exporter;
import jp.jcstar.store.BlobStore;

/** {@code GET /v1/export/labels.json | labels.csv}: the open-data export of the whole registry. */
public class ExportHandler extends ApiHandler {
    private final Wiring wiring;

    public ExportHandler() {
        this(Wiring.fromEnvironment());
    }

    public ExportHandler(Wiring wiring) {
        super(wiring.registry());
        this.wiring = wiring;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        Exporter exporter = new Exporter(registry(), wiring.blobs());
        String path = r.event().getRawPath() == null ? "" : r.event().getRawPath();
        BlobStore.Blob blob = path.endsWith(".csv") ? exporter.csv() : exporter.json();
        var resp = Response.text(200, blob.contentType(), new String(blob.bytes(), StandardCharsets.UTF_8), "public, max-age=300");
        if (path.endsWith(".csv")) resp.getHeaders().put("content-disposition", "attachment; filename=\"jcstar-labels.csv\"");
        return resp;
    }
}

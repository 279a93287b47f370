package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import jp.jcstar.registry.Exporter;
import jp.jcstar.store.BlobStore;

/**
 * {@code GET /v1/export/labels.json | labels.csv}: the open-data export of the whole registry.
 *
 * <p>Lambda answers at most 6 MB, and the export grows with the registry. Where the public files are
 * served too ({@code PUBLIC_FILES_URL}: CloudFront's {@code /files/*} on the files bucket), an export
 * above {@link #INLINE_MAX} bytes is answered with a 302 to its file, named with its generation time
 * so that no cache hands out an older one. The local server has no such limit and always answers inline.
 */
public class ExportHandler extends ApiHandler {
    /** Below Lambda's 6 MB response limit, with room for headers. */
    public static final int INLINE_MAX = 5_000_000;

    private final Wiring wiring;
    private final String filesUrl;
    private final int inlineMax;

    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public ExportHandler() {
        this(Wiring.fromEnvironment(), Env.get("PUBLIC_FILES_URL", null), INLINE_MAX);
        Priming.register(
                ExportHandler.class, () -> OperatorPriming.export(Wiring.fromEnvironment(), filesUrl, inlineMax));
    }

    public ExportHandler(Wiring wiring) {
        this(wiring, null, INLINE_MAX);
    }

    /** @param filesUrl where the blob store's keys are served publicly, or null to always answer inline */
    public ExportHandler(Wiring wiring, String filesUrl, int inlineMax) {
        super(wiring.registry());
        this.wiring = wiring;
        this.filesUrl = filesUrl == null || filesUrl.isBlank() ? null : filesUrl.replaceAll("/+$", "");
        this.inlineMax = inlineMax;
    }

    /** Which export the route asks for. */
    enum ExportForm {
        JSON,
        CSV;

        static ExportForm of(Request r) {
            String path = r.event().getRawPath() == null ? "" : r.event().getRawPath();
            return path.endsWith(".csv") ? CSV : JSON;
        }
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        boolean csv = ExportForm.of(r) == ExportForm.CSV;
        Exporter exporter = new Exporter(registry(), wiring.blobs());
        BlobStore.Blob blob = csv ? exporter.csv() : exporter.json();
        if (filesUrl != null && blob.bytes().length > inlineMax) return redirect(exporter, csv);
        var resp = Response.text(
                200, blob.contentType(), new String(blob.bytes(), StandardCharsets.UTF_8), "public, max-age=300");
        if (csv) resp.getHeaders().put("content-disposition", "attachment; filename=\"jcstar-labels.csv\"");
        return resp;
    }

    /** A 302 to the export's public file, named with its generation time so that no cache hands out an older one. */
    private APIGatewayV2HTTPResponse redirect(Exporter exporter, boolean csv) {
        String key = csv ? Exporter.CSV_KEY : Exporter.JSON_KEY;
        String version =
                URLEncoder.encode(exporter.generatedAt().map(Object::toString).orElse(""), StandardCharsets.UTF_8);
        var resp = Response.text(302, "text/plain; charset=utf-8", "", "no-store");
        resp.getHeaders().put("location", filesUrl + "/" + key + "?v=" + version);
        return resp;
    }
}

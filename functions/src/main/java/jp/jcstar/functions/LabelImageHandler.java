package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.zxing.common.BitMatrix;
import jp.jcstar.qr.LabelArtwork;
import jp.jcstar.qr.QrCodes;
import jp.jcstar.registry.LabelView;

/**
 * {@code GET /v1/labels/{id}/qr.png | qr.svg | artwork.svg}: print-ready QR code (level M, quiet zone)
 * and label artwork. The images depend only on the signed label, so they are cacheable for long.
 */
public class LabelImageHandler extends ApiHandler {
    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public LabelImageHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(LabelImageHandler.class, () -> OperatorPriming.labelImage(Wiring.fromEnvironment()));
    }

    public LabelImageHandler(Wiring wiring) {
        super(wiring.registry());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        String id = r.path("id");
        LabelView v = requireLabel(id);
        String path = r.event().getRawPath() == null ? "" : r.event().getRawPath();
        String cache = "public, max-age=86400, immutable";
        // ?form=compact: the registration-number form for small packaging; the full form (verifies offline) is the default
        String form = r.query("form");
        if (form != null && !form.equals("full") && !form.equals("compact")) throw Problem.badRequest("bad-form", "form is full or compact");
        BitMatrix symbol = QrCodes.encode("compact".equals(form) ? v.compactQrText() : v.qrText());
        if (path.endsWith("/qr.png")) return Response.binary("image/png", QrCodes.png(symbol), cache);
        if (path.endsWith("/qr.svg")) return Response.text(200, "image/svg+xml", QrCodes.svg(symbol), cache);
        if (path.endsWith("/artwork.svg")) return Response.text(200, "image/svg+xml", LabelArtwork.svg(v.record().claims(), symbol), cache);
        throw Problem.notFound("no such image");
    }
}

package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.zxing.common.BitMatrix;
import jp.jcstar.qr.LabelArtwork;
import jp.jcstar.qr.LabelArtworkPdf;
import jp.jcstar.qr.QrCodes;
import jp.jcstar.registry.LabelView;

/**
 * {@code GET /v1/labels/{id}/qr.png | qr.svg | artwork.svg}: print-ready QR code (level M, quiet zone)
 * and label artwork, as SVG or ({@code ?format=pdf}, or {@code Accept: application/pdf}) PDF. The images
 * depend only on the signed label, so they are cacheable for long.
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
        // ?form=compact: the registration-number form for small packaging; the full form (verifies offline) is the
        // default
        String form = r.query("form");
        if (form != null && !form.equals("full") && !form.equals("compact"))
            throw Problem.badRequest("bad-form", "form is full or compact");
        BitMatrix symbol = QrCodes.encode("compact".equals(form) ? v.compactQrText() : v.qrText());
        if (path.endsWith("/qr.png")) return Response.binary("image/png", QrCodes.png(symbol), cache);
        if (path.endsWith("/qr.svg")) return Response.text(200, "image/svg+xml", QrCodes.svg(symbol), cache);
        if (path.endsWith("/artwork.svg")) return artwork(r, v, symbol);
        throw Problem.notFound("no such image");
    }

    /**
     * Print artwork only for a label that may go on a box: a revoked, support-ended or expired label is
     * gone (410), a suspended one may come back (409). {@code ?module=} sets the QR module size in mm
     * (0.33–2, default 0.4); below GS1's 0.396 mm the answer carries a Warning header.
     */
    private static APIGatewayV2HTTPResponse artwork(Request r, LabelView v, BitMatrix symbol) {
        switch (v.status()) {
            case VALID -> {}
            case SUSPENDED ->
                throw new Problem(
                        409,
                        "label-suspended",
                        "Label suspended",
                        "label " + v.id() + " is suspended: no print artwork until it is reinstated");
            default ->
                throw new Problem(
                        410,
                        "label-not-valid",
                        "Label not valid",
                        "label " + v.id() + " is " + v.status().code() + ": it may no longer be printed");
        }
        boolean pdf = pdfWanted(r);
        double module = LabelArtwork.DEFAULT_MODULE_MM;
        String m = r.query("module");
        if (m != null) {
            if (!m.matches("[0-2](\\.[0-9]{1,3})?")
                    || Double.parseDouble(m) < LabelArtwork.MIN_MODULE_MM
                    || Double.parseDouble(m) > 2) {
                throw Problem.badRequest(
                        "bad-query", "module is the QR module size in mm, " + LabelArtwork.MIN_MODULE_MM + "–2");
            }
            module = Double.parseDouble(m);
        }
        APIGatewayV2HTTPResponse resp;
        if (pdf) {
            if (!LabelArtworkPdf.available()) {
                throw new Problem(
                        501,
                        "not-implemented",
                        "Not implemented",
                        "this deployment cannot draw PDF artwork: ask for format=svg");
            }
            try {
                resp = Response.binary(
                        "application/pdf",
                        LabelArtworkPdf.pdf(v.record().claims(), symbol, module),
                        "public, max-age=300");
            } catch (LabelArtworkPdf.UnprintableTextException e) {
                throw new Problem(
                        422,
                        "artwork-unprintable",
                        "Artwork unprintable",
                        e.getMessage() + ": the SVG artwork (format=svg) leaves the font to the printer");
            }
            resp.getHeaders().put("content-disposition", "attachment; filename=\"" + v.id() + "-label.pdf\"");
        } else {
            resp = Response.text(
                    200, "image/svg+xml", LabelArtwork.svg(v.record().claims(), symbol, module), "public, max-age=300");
        }
        // the same URL answers SVG or PDF by the Accept header when format is absent
        resp.getHeaders().put("vary", "Accept");
        if (module < LabelArtwork.GS1_MIN_MODULE_MM) {
            resp.getHeaders()
                    .put(
                            "warning",
                            "299 - \"QR modules of " + m
                                    + " mm are below GS1's 0.396 mm minimum for retail: test-scan the print\"");
        }
        return resp;
    }

    /**
     * {@code ?format=svg|pdf} decides; without it, PDF when the Accept header names {@code application/pdf}
     * and not SVG (a browser's {@code *}{@code /*} keeps SVG).
     */
    private static boolean pdfWanted(Request r) {
        String format = r.query("format");
        if (format != null) {
            if (format.equals("pdf")) return true;
            if (format.equals("svg")) return false;
            throw Problem.badRequest("bad-format", "format is svg or pdf");
        }
        String accept = r.header("accept");
        return accept != null
                && accept.toLowerCase(java.util.Locale.ROOT).contains("application/pdf")
                && !accept.toLowerCase(java.util.Locale.ROOT).contains("image/svg+xml");
    }
}

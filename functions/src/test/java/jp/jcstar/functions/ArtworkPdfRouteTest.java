package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.RevocationReason;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/labels/{id}/artwork.svg?format=pdf} (or {@code Accept: application/pdf}): the print artwork
 * as PDF, with the same refusals as the SVG (suspended 409, revoked 410) and a 400 problem for a format the
 * API does not offer. The PDF's own measurements are LabelArtworkPdfTest's (shared).
 */
class ArtworkPdfRouteTest {
    @TempDir
    Path home;

    static APIGatewayV2HTTPEvent get(String id, Map<String, String> query, String accept) {
        APIGatewayV2HTTPEvent e = SearchAsUsersTypeTest.get(
                "GET /v1/labels/{id}/artwork.svg", "/v1/labels/" + id + "/artwork.svg", query, Map.of("id", id));
        Map<String, String> headers = new HashMap<>(e.getHeaders());
        headers.put("accept", accept);
        e.setHeaders(headers);
        return e;
    }

    static String pdfText(APIGatewayV2HTTPResponse r) throws Exception {
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals("application/pdf", r.getHeaders().get("content-type"));
        assertTrue(r.getIsBase64Encoded());
        byte[] pdf = Base64.getDecoder().decode(r.getBody());
        assertEquals("%PDF-", new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void pdfByQueryOrAcceptWithTheSameRefusalsAsTheSvg() throws Exception {
        Wiring w = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        String id = w.registry()
                .issue(jp.jcstar.registry.ApplicationJson.parse(TestApi.application("ART-PDF-1")))
                .label()
                .id();
        LabelImageHandler h = new LabelImageHandler(w);

        APIGatewayV2HTTPResponse byQuery = h.handleRequest(get(id, Map.of("format", "pdf"), "*/*"), null);
        String text = pdfText(byQuery);
        assertTrue(text.contains(id) && text.contains("サポート期限"), text);
        assertTrue(
                byQuery.getHeaders().get("content-disposition").contains(id + "-label.pdf"),
                byQuery.getHeaders().toString());
        assertEquals("Accept", byQuery.getHeaders().get("vary"));
        assertTrue(pdfText(h.handleRequest(get(id, Map.of(), "application/pdf"), null))
                .contains(id));
        // a browser's Accept, or format=svg, keeps the SVG
        APIGatewayV2HTTPResponse browser =
                h.handleRequest(get(id, Map.of(), "text/html,application/xhtml+xml,*/*;q=0.8"), null);
        assertEquals("image/svg+xml", browser.getHeaders().get("content-type"));
        assertEquals(
                "image/svg+xml",
                h.handleRequest(get(id, Map.of("format", "svg"), "application/pdf"), null)
                        .getHeaders()
                        .get("content-type"));
        // the small-module option and its warning hold for the PDF too
        APIGatewayV2HTTPResponse small =
                h.handleRequest(get(id, Map.of("format", "pdf", "module", "0.33"), "*/*"), null);
        pdfText(small);
        assertTrue(
                small.getHeaders().get("warning").contains("0.396"),
                small.getHeaders().toString());

        APIGatewayV2HTTPResponse bad = h.handleRequest(get(id, Map.of("format", "png"), "*/*"), null);
        assertEquals(400, bad.getStatusCode());
        assertTrue(bad.getHeaders().get("content-type").startsWith("application/problem+json"));
        assertEquals("/problems/bad-format", TestApi.json(bad).get("type").asText());

        w.registry().change(id, Registry.Action.SUSPEND, RevocationReason.UNDER_INVESTIGATION, null, "ops", null);
        APIGatewayV2HTTPResponse suspended = h.handleRequest(get(id, Map.of("format", "pdf"), "*/*"), null);
        assertEquals(409, suspended.getStatusCode());
        assertEquals(
                "/problems/label-suspended", TestApi.json(suspended).get("type").asText());
        assertEquals(
                409, h.handleRequest(get(id, Map.of(), "application/pdf"), null).getStatusCode());
        w.registry().change(id, Registry.Action.REVOKE, RevocationReason.NONCONFORMITY, null, "ops", null);
        APIGatewayV2HTTPResponse revoked = h.handleRequest(get(id, Map.of("format", "pdf"), "*/*"), null);
        assertEquals(410, revoked.getStatusCode());
        assertEquals(
                "/problems/label-not-valid", TestApi.json(revoked).get("type").asText());
    }
}

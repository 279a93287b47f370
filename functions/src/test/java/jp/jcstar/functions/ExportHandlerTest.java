package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.registry.Exporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export answers inline while it fits a Lambda response, and by redirect to its public file once it does not. */
class ExportHandlerTest {
    static final String FILES = "https://registry.example.jp/files";

    @TempDir
    Path home;

    Wiring wiring;

    @BeforeEach
    void wire() {
        wiring = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        for (int i = 0; i < 3; i++) wiring.registry().issue(ApplicationJson.parse(TestApi.application("APP-" + i)));
    }

    static APIGatewayV2HTTPEvent get(String file) {
        return TestApi.event(
                "get-label.json",
                Map.of("/v1/labels/LABELID", "/v1/export/" + file, "/v1/labels/{id}", "/v1/export/" + file));
    }

    @Test
    void anExportThatFitsIsAnsweredInline() {
        APIGatewayV2HTTPResponse r =
                new ExportHandler(wiring, FILES, ExportHandler.INLINE_MAX).handleRequest(get("labels.json"), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals(3, TestApi.json(r).get("count").asInt());
        assertNull(r.getHeaders().get("location"));
    }

    @Test
    void anExportTooLargeForLambdaRedirectsToItsFileNamedWithItsGenerationTime() {
        for (String file : new String[] {"labels.json", "labels.csv"}) {
            APIGatewayV2HTTPResponse r = new ExportHandler(wiring, FILES + "/", 100).handleRequest(get(file), null);
            assertEquals(302, r.getStatusCode(), file);
            String location = r.getHeaders().get("location");
            String generated = new Exporter(wiring.registry(), wiring.blobs())
                    .generatedAt()
                    .orElseThrow()
                    .toString();
            assertEquals(
                    FILES + "/v1/export/" + file + "?v=" + generated,
                    URLDecoder.decode(location, StandardCharsets.UTF_8));
            assertEquals("no-store", r.getHeaders().get("cache-control"));
            // the file behind the redirect is the export itself, in the store the files origin serves
            assertTrue(wiring.blobs().get("v1/export/" + file).orElseThrow().bytes().length > 100);
        }
    }

    @Test
    void withoutPublicFilesTheExportIsAlwaysInline() {
        APIGatewayV2HTTPResponse r = new ExportHandler(wiring, null, 100).handleRequest(get("labels.csv"), null);
        assertEquals(200, r.getStatusCode());
        assertTrue(r.getBody().startsWith("\uFEFFid,status"), r.getBody());
        assertEquals(
                "attachment; filename=\"jcstar-labels.csv\"", r.getHeaders().get("content-disposition"));
    }

    @Test
    void aLabelIssuedAfterADownloadIsInTheNextOne() {
        ExportHandler export = new ExportHandler(wiring);
        assertEquals(
                3,
                TestApi.json(export.handleRequest(get("labels.json"), null))
                        .get("count")
                        .asInt());
        wiring.registry().issue(ApplicationJson.parse(TestApi.application("APP-LATE")));
        assertEquals(
                4,
                TestApi.json(export.handleRequest(get("labels.json"), null))
                        .get("count")
                        .asInt());
    }

    @Test
    void anExportFileLostBehindItsStampIsMadeAgain() throws Exception {
        ExportHandler export = new ExportHandler(wiring);
        assertEquals(200, export.handleRequest(get("labels.csv"), null).getStatusCode());
        java.nio.file.Files.delete(home.resolve("files").resolve(Exporter.CSV_KEY));
        APIGatewayV2HTTPResponse again = export.handleRequest(get("labels.csv"), null);
        assertEquals(200, again.getStatusCode(), again.getBody());
        assertEquals(4, again.getBody().split("\r\n").length, again.getBody()); // header and three labels
    }
}

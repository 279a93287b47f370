package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import jp.jcstar.store.LabelQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SnapStart priming runs the whole verify path — up to a real ECDSA check — and changes nothing. */
class PrimingTest {
    @TempDir
    Path home;

    @Test
    void primingReachesTheSignatureCheckAndIsRejectedAsBadSignature() {
        Wiring wiring = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        var response = Priming.prime(new VerifyHandler(wiring.registry()));
        JsonNode v = TestApi.json(response);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertFalse(v.get("valid").asBoolean());
        assertEquals("bad-signature", v.get("reason").asText(), response.getBody());
    }

    @Test
    void primingLeavesTheStoreEmpty() {
        Wiring wiring = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        Priming.prime(new VerifyHandler(wiring.registry()));
        assertTrue(wiring.registry().search(LabelQuery.ALL, null, 10).items().isEmpty());
    }
}

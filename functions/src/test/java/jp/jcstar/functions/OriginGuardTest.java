package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OriginGuardTest {
    static APIGatewayV2HTTPEvent with(Map<String, String> headers) {
        return APIGatewayV2HTTPEvent.builder().withHeaders(headers).build();
    }

    @Test
    void withASecretOnlyRequestsCarryingItAreAdmitted() {
        OriginGuard g = new OriginGuard("k1.0123456789abcdef0123456789abcdef");
        assertTrue(g.admits(with(Map.of("x-origin-verify", "k1.0123456789abcdef0123456789abcdef"))));
        assertTrue(
                g.admits(with(Map.of("X-Origin-Verify", "k1.0123456789abcdef0123456789abcdef"))),
                "header names are case-insensitive");
        assertFalse(g.admits(with(Map.of("x-origin-verify", "k1.0123456789abcdef0123456789abcdee"))));
        assertFalse(g.admits(with(Map.of("x-origin-verify", "k1"))));
        assertFalse(g.admits(with(Map.of())), "straight to the execute-api endpoint");
        assertFalse(g.admits(with(null)));
    }

    @Test
    void withoutASecretEveryRequestIsAdmitted() {
        assertTrue(new OriginGuard(null).admits(with(Map.of())));
        assertTrue(new OriginGuard("").admits(with(null)));
    }
}

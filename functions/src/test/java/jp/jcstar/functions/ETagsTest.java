package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** If-None-Match handling of the status list and JWKS routes (RFC 9110 §13.1.2: weak comparison). */
class ETagsTest {
    @Test
    void theTagIsAStrongHashOfTheBodySoEveryReSigningChangesIt() {
        String a = ETags.of("header.payload.sig1");
        assertTrue(a.startsWith("\"") && a.endsWith("\"") && a.length() == 24, a);
        assertEquals(a, ETags.of("header.payload.sig1"));
        assertNotEquals(a, ETags.of("header.payload.sig2"));
    }

    @Test
    void ifNoneMatchMatchesTheTagInAListWeaklyOrAStar() {
        String t = ETags.of("x");
        assertTrue(ETags.matches(t, t));
        assertTrue(ETags.matches("\"other\", " + t, t));
        assertTrue(ETags.matches("W/" + t, t));
        assertTrue(ETags.matches("*", t));
        assertFalse(ETags.matches("\"other\"", t));
        assertFalse(ETags.matches(null, t));
        assertFalse(ETags.matches("", t));
    }
}

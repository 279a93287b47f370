package jp.jcstar.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SSRF rule of docs/webhooks.md, address by address (literals: no DNS involved). */
class EndpointGuardTest {
    @ParameterizedTest(name = "{0} public: {1}")
    @CsvSource({
        "8.8.8.8, true",
        "2001:4860:4860::8888, true",
        "127.0.0.1, false",
        "10.0.0.1, false",
        "172.16.0.1, false",
        "172.31.255.255, false",
        "172.32.0.1, true",
        "192.168.1.1, false",
        "100.64.0.1, false",
        "169.254.169.254, false",
        "0.0.0.0, false",
        "224.0.0.1, false",
        "255.255.255.255, false",
        "198.18.0.1, false",
        "::1, false",
        "::, false",
        "fe80::1, false",
        "fd00:ec2::254, false",
        "fc00::1, false",
        "ff02::1, false",
        "::ffff:10.0.0.1, false",
        "64:ff9b::a00:1, false",
        "64:ff9b::808:808, true",
        "2002:a00:1::, false",
        "2001:db8::1, false"
    })
    void addressesArePublicOrNot(String address, boolean expected) throws UnknownHostException {
        assertEquals(expected, EndpointGuard.isPublic(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @CsvSource({
        "http://example.com/x",
        "ftp://example.com/x",
        "https://u:p@example.com/",
        "https:///nohost",
        "not a url"
    })
    void onlyHttpsUrlsWithAHostAndNoUserInfo(String url) {
        assertThrows(
                EndpointRefusedException.class, () -> EndpointGuard.allowing("").checkForm(url));
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:8080/hook", "https://127.0.0.1/hook"})
    void anAllowedTestHostMayBeLoopbackAndPlainHttp(String url) {
        assertEquals(url, EndpointGuard.allowing("127.0.0.1").check(url).toString());
    }
}

package jp.jcstar.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outbound rule for webhooks (docs/webhooks.md, "Where deliveries go"): HTTPS only, no user info, and a
 * host whose every address is public — no loopback, private (RFC 1918), shared (100.64/10), link-local
 * (169.254/16, which holds the cloud metadata address 169.254.169.254; fe80::/10), unique-local IPv6
 * (fc00::/7, which holds fd00:ec2::254), multicast, unspecified, broadcast, benchmarking or documentation
 * addresses, nor IPv6 forms that embed such an IPv4 address (NAT64, 6to4). {@link #resolve} is what the
 * HTTP client connects with, so the address checked is the address used (no DNS rebinding in between).
 *
 * <p>Hosts named in {@code allowedHosts} (configuration {@code JCSTAR_WEBHOOK_ALLOW_HOSTS}, for tests and
 * local trials only) skip the address rule and may use plain HTTP. Immutable, thread-safe.
 */
public final class EndpointGuard {
    /** Longest endpoint URL accepted. */
    public static final int MAX_URL = 2000;

    private final Set<String> allowedHosts;

    public EndpointGuard(Set<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** From a comma-separated list (empty or null: no exceptions). */
    public static EndpointGuard allowing(String commaSeparatedHosts) {
        return new EndpointGuard(
                commaSeparatedHosts == null
                        ? Set.of()
                        : Set.of(commaSeparatedHosts.split(",")).stream()
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .collect(Collectors.toSet()));
    }

    /** The endpoint's form: https (or http to an allowed host), a host, no user info, no fragment. */
    public URI checkForm(String url) {
        if (url == null || url.isBlank()) throw new EndpointRefusedException("endpoint is required");
        if (url.length() > MAX_URL)
            throw new EndpointRefusedException("endpoint may be at most " + MAX_URL + " characters");
        URI u;
        try {
            u = new URI(url.strip()).normalize();
        } catch (java.net.URISyntaxException e) {
            throw new EndpointRefusedException("endpoint is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        String host = u.getHost();
        if (host == null || host.isEmpty()) throw new EndpointRefusedException("endpoint has no host");
        if (u.getRawUserInfo() != null) throw new EndpointRefusedException("endpoint may not carry user info");
        if (u.getRawFragment() != null) throw new EndpointRefusedException("endpoint may not have a fragment");
        boolean allowed = allowedHosts.contains(bare(host));
        if (!scheme.equals("https") && !(allowed && scheme.equals("http")))
            throw new EndpointRefusedException("endpoint must be an https URL");
        return u;
    }

    /** Checks the form and that the host resolves to public addresses only. */
    public URI check(String url) {
        URI u = checkForm(url);
        resolve(u.getHost());
        return u;
    }

    /**
     * The host's addresses, all of them public (or the host is allowed).
     *
     * @throws EndpointRefusedException if one of them is not public
     * @throws UnknownHostException if the host does not resolve
     */
    public InetAddress[] resolve(String host) {
        String h = bare(host);
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            throw new EndpointRefusedException("endpoint host does not resolve");
        }
        if (allowedHosts.contains(h)) return all;
        for (InetAddress a : all)
            if (!isPublic(a))
                throw new EndpointRefusedException(
                        "endpoint host resolves to a non-public address (" + a.getHostAddress() + ")");
        return all;
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** Whether deliveries may go to this address. */
    public static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) return false;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return isPublicV4(b);
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) return false; // fc00::/7 unique local (fd00:ec2::254 is in it)
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) return false; // fec0::/10 site-local (deprecated)
            // IPv4-compatible ::a.b.c.d and IPv4-mapped forms that Java did not turn into an Inet4Address
            if (allZero(b, 0, 10) && ((b[10] == 0 && b[11] == 0) || ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff)))
                return isPublicV4(Arrays.copyOfRange(b, 12, 16));
            // NAT64 64:ff9b::/96 embeds an IPv4 address in its last 32 bits
            if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12))
                return isPublicV4(Arrays.copyOfRange(b, 12, 16));
            // 6to4 2002::/16 embeds one in bits 16..47
            if (b[0] == 0x20 && b[1] == 0x02) return isPublicV4(Arrays.copyOfRange(b, 2, 6));
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) return false; // 2001:db8::/32
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int o0 = b[0] & 0xff, o1 = b[1] & 0xff, o2 = b[2] & 0xff;
        if (o0 == 0 || o0 == 10 || o0 == 127 || o0 >= 224)
            return false; // this network, private, loopback, multicast+reserved
        if (o0 == 100 && o1 >= 64 && o1 <= 127) return false; // shared address space (carrier NAT)
        if (o0 == 169 && o1 == 254) return false; // link-local, cloud metadata
        if (o0 == 172 && o1 >= 16 && o1 <= 31) return false;
        if (o0 == 192 && o1 == 168) return false;
        if (o0 == 192 && o1 == 0 && (o2 == 0 || o2 == 2)) return false; // IETF protocol assignments, TEST-NET-1
        if (o0 == 198 && (o1 == 18 || o1 == 19)) return false; // benchmarking
        if (o0 == 198 && o1 == 51 && o2 == 100) return false; // TEST-NET-2
        if (o0 == 203 && o1 == 0 && o2 == 113) return false; // TEST-NET-3
        return true;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }
}

package org.hiphike.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dashboard's security model (docs/dashboard.md): the {@code Host} a request names must be one the
 * server was bound for (a web page that points its own name at this machine, DNS rebinding, is
 * refused); an optional access token required on the page, the API and the WebSocket; same-origin
 * checks on the WebSocket and on requests that change something; and response headers that keep the
 * page from being framed or sniffed, on Jetty's own error pages too.
 *
 * @param token the access token, or null when the server is only reachable from this machine
 * @param hosts the host names and addresses requests may name in {@code Host}, lower case, without port or
 *              brackets
 */
public record DashboardSecurity(String token, Set<String> hosts) {
    public static final String COOKIE = "hiphike_token";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** The names of this machine that only it can reach. */
    public static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1");
    /** The headers sent with every response, error pages included. */
    static final Map<String, String> HEADERS = headerMap();

    public DashboardSecurity {
        hosts = Set.copyOf(hosts);
    }

    /** A server bound to the loopback address: requests must name this machine's loopback names. */
    public DashboardSecurity(String token) { this(token, LOOPBACK_HOSTS); }

    public static DashboardSecurity open() { return new DashboardSecurity(null); }

    /** 128 random bits as hex. */
    public static String newToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** True for addresses only this machine can reach. */
    public static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }

    private static Map<String, String> headerMap() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cache-Control", "no-store");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        return java.util.Collections.unmodifiableMap(h);
    }

    public void headers(Context ctx) {
        HEADERS.forEach(ctx::header);
    }

    /**
     * The host names a server bound to {@code bindHost} answers to: this machine's loopback names, the bound address
     * itself, every address of this machine and its name when bound to all of them (0.0.0.0 or ::), and the names
     * given with {@code --allow-host}.
     */
    public static Set<String> hostsFor(String bindHost, java.util.Collection<String> allowed) {
        Set<String> out = new TreeSet<>(LOOPBACK_HOSTS);
        String bound = normalHost(bindHost);
        if (bound.equals("0.0.0.0") || bound.equals("::")) {
            try {
                for (var nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                    for (var a : java.util.Collections.list(nif.getInetAddresses())) {
                        String h = a.getHostAddress();
                        int zone = h.indexOf('%');
                        out.add(normalHost(zone >= 0 ? h.substring(0, zone) : h));
                    }
                }
            } catch (java.net.SocketException e) {
                // no interface list: the loopback names, the bound address and the names given still apply
            }
            try {
                java.net.InetAddress local = java.net.InetAddress.getLocalHost();
                out.add(normalHost(local.getHostName()));
            } catch (java.io.IOException e) {
                // the machine's own name does not resolve: it cannot be used to reach it either
            }
        } else {
            out.add(bound);
        }
        for (String a : allowed) out.add(normalHost(a));
        return out;
    }

    /** Lower case, without brackets. */
    static String normalHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h;
    }

    /** The host of a {@code Host} header (without its port), lower case, or null when it is not a host[:port]. */
    static String hostOf(String hostHeader) {
        if (hostHeader == null) return null;
        String h = hostHeader.strip();
        if (h.isEmpty() || h.length() > 255) return null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) return null;
            String rest = h.substring(close + 1);
            if (!rest.isEmpty() && !rest.matches(":[0-9]{1,5}")) return null;
            return normalHost(h.substring(0, close + 1));
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (h.indexOf(':', colon + 1) >= 0) return normalHost(h); // a bare IPv6 address (not valid in Host, compared as is)
            if (!h.substring(colon + 1).matches("[0-9]{1,5}")) return null;
            h = h.substring(0, colon);
        }
        return normalHost(h);
    }

    /**
     * Refuses a request whose {@code Host} is not one this server was bound for: a web page that points its own name
     * at this machine's address (DNS rebinding) names itself there, and would otherwise count as same-origin.
     */
    public void checkHost(Context ctx) {
        String host = hostOf(ctx.header("Host"));
        if (host == null || !hosts.contains(host)) {
            // The names it answers to are not listed: a page that rebound its name would learn this machine's addresses.
            throw new HttpResponseException(421, "this dashboard does not answer to "
                    + (ctx.header("Host") == null ? "requests without a Host" : "the host '" + limit(ctx.header("Host")) + "'")
                    + ": open it by the address it printed, or name the host with --allow-host", Map.of());
        }
    }

    /**
     * Checks the token (query {@code token}, header {@code Authorization: Bearer}, or the cookie the
     * page gets when opened with the token). A valid token in the query sets the cookie.
     */
    public void checkToken(Context ctx) {
        if (token == null) return;
        String q = ctx.queryParam("token");
        if (q != null && matches(q)) {
            Cookie c = new Cookie(COOKIE, token, "/", -1, false, true, null, SameSite.STRICT);
            ctx.cookie(c);
            return;
        }
        String auth = ctx.header("Authorization");
        if (auth != null && auth.startsWith("Bearer ") && matches(auth.substring(7).strip())) return;
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && matches(cookie)) return;
        throw new UnauthorizedResponse("a valid access token is needed: open the address printed by hiphike (it ends in ?token=...)");
    }

    /** Requests that change something, and the WebSocket, must come from the page itself when a browser sends them. */
    public void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) return; // not a browser (scripts, tests); the token still applies
        if (!sameOrigin(origin, ctx.header("Host"))) throw new ForbiddenResponse("cross-origin request refused");
    }

    /** Does the {@code Origin} header name the host the request was sent to? */
    static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null) return false;
        try {
            URI u = URI.create(origin);
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) return false;
            String originHost = u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
            return originHost.equalsIgnoreCase(hostHeader) || (u.getPort() < 0 && (u.getHost() + ":80").equalsIgnoreCase(hostHeader));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String limit(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}

package org.hiphike.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The dashboard's security model (docs/dashboard.md): an optional access token required on the
 * page, the API and the WebSocket; same-origin checks on the WebSocket and on requests that change
 * something; and response headers that keep the page from being framed or sniffed.
 *
 * @param token the access token, or null when the server is only reachable from this machine
 */
public record DashboardSecurity(String token) {
    public static final String COOKIE = "hiphike_token";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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

    public void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
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

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}

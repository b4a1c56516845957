package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hiphike.session.SessionStore;
import org.hiphike.session.StoredSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding: a web page that points its own name at 127.0.0.1 sends requests that name its own host, with an
 * Origin of that host, which a check of Origin against Host alone lets through. The server answers only to the
 * names it was bound for, on every route and on the WebSocket; Jetty's own error pages carry the security headers.
 */
@Timeout(60)
class HostCheckTest {
    @TempDir
    Path dir;

    private static int status(String response) {
        return Integer.parseInt(response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4));
    }

    @Test
    void aRequestNamingAnotherHostIsRefusedAndChangesNothing() throws Exception {
        try (SessionStore store = SessionStore.open(dir)) {
            StoredSession s = store.importRecording(TestDashboard.SAMPLES.resolve("left-set_clean_100hz.csv"),
                    HistoryApiTest.info("import", Instant.now()), org.hiphike.exercise.PipelineSettings.DEFAULTS);
            try (TestDashboard d = new TestDashboard(null, store)) {
                int p = d.app.port();
                String evil = d.raw("DELETE /api/sessions/" + s.id() + " HTTP/1.1\r\nHost: evil.example:" + p
                        + "\r\nOrigin: http://evil.example:" + p);
                assertEquals(421, status(evil), evil);
                assertTrue(evil.contains("does not answer to the host 'evil.example:" + p + "'"), evil);
                assertTrue(evil.contains("Content-Security-Policy:"), evil);
                assertEquals(1, store.list().size(), "the session is still there");
                for (String path : List.of("/", "/app.js", "/api/state", "/api/sessions")) {
                    assertEquals(421, status(d.raw("GET " + path + " HTTP/1.1\r\nHost: evil.example:" + p)), path);
                }
                // The WebSocket is refused before the upgrade.
                String ws = d.raw("GET /ws/live HTTP/1.1\r\nHost: evil.example:" + p + "\r\nOrigin: http://evil.example:" + p
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
                assertEquals(421, status(ws), ws);
                // HTTP/1.0 without Host, and a Host that is not a host.
                assertEquals(421, status(d.raw("GET /api/state HTTP/1.0")));
                // The names of this machine's loopback are answered.
                for (String host : List.of("127.0.0.1:" + p, "localhost:" + p, "LOCALHOST", "[::1]:" + p)) {
                    assertEquals(200, status(d.raw("GET /api/state HTTP/1.1\r\nHost: " + host)), host);
                }
                String ok = d.raw("DELETE /api/sessions/" + s.id() + " HTTP/1.1\r\nHost: localhost:" + p + "\r\nOrigin: http://localhost:" + p);
                assertEquals(200, status(ok), ok);
                assertEquals(0, store.list().size());
            }
        }
    }

    @Test
    void jettysOwnErrorPagesCarryTheSecurityHeaders() throws Exception {
        try (TestDashboard d = new TestDashboard()) {
            for (String path : List.of("/%2e%2e/x", "/app.js%00.html")) {
                String r = d.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + d.app.port());
                assertEquals(400, status(r), r);
                for (String h : List.of("Content-Security-Policy:", "X-Content-Type-Options: nosniff", "X-Frame-Options: DENY",
                        "Referrer-Policy: no-referrer")) {
                    assertTrue(r.contains(h), path + " lacks " + h + ":\n" + r);
                }
            }
        }
    }

    @Test
    void hostsAreTheBoundAddressTheLoopbackAndTheNamesGiven() {
        Set<String> local = DashboardSecurity.hostsFor("127.0.0.1", List.of());
        assertEquals(DashboardSecurity.LOOPBACK_HOSTS, local);
        Set<String> lan = DashboardSecurity.hostsFor("192.168.1.20", List.of("Physio-PC.lan"));
        assertTrue(lan.containsAll(List.of("127.0.0.1", "localhost", "::1", "192.168.1.20", "physio-pc.lan")), lan.toString());
        Set<String> all = DashboardSecurity.hostsFor("0.0.0.0", List.of());
        assertTrue(all.contains("127.0.0.1"), all.toString());
        assertFalse(all.contains("evil.example"));
        assertFalse(all.contains("0.0.0.0"), "0.0.0.0 is not an address a page is opened by");
        assertEquals("physio-pc.lan", DashboardSecurity.hostOf("Physio-PC.lan:7070"));
        assertEquals("::1", DashboardSecurity.hostOf("[::1]:7070"));
        assertEquals(null, DashboardSecurity.hostOf("evil.example:7070/x"));
        assertEquals(null, DashboardSecurity.hostOf(""));
    }
}

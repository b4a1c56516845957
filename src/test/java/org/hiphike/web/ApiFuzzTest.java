package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.hiphike.session.SessionStore;

/**
 * Coverage-guided fuzzing (Jazzer) of what the dashboard takes from the network: any HTTP request to any route (raw
 * bytes on a socket, so method, path, headers and body are all the fuzzer's), WebSocket handshakes with any query,
 * and any message on an open WebSocket. The server never answers 500 (an error nobody handled), never hangs, and answers a plain request
 * after each input. Without {@code JAZZER_FUZZ=1} each test replays its committed corpus in
 * {@code src/test/resources/org/hiphike/web/ApiFuzzTestInputs/<method>/}; {@code mvn verify} fuzzes each for its
 * {@code maxDuration} (pom.xml, {@code fuzz-http}, {@code fuzz-websocket}).
 */
class ApiFuzzTest {
    private static TestDashboard dashboard;
    private static WebSocket openSocket;

    private static final List<String> ROUTES = List.of("/", "/app.js", "/api/state", "/api/report", "/api/samples",
            "/api/sources", "/api/source", "/api/stop", "/api/new-set", "/api/relevel", "/api/replay", "/api/prescription",
            "/api/uploads", "/api/history", "/api/sessions", "/api/sessions/1", "/api/sessions/1/notes",
            "/api/sessions/1/report", "/api/trends", "/ws/live", "/sensor", "/sensor.js", "/api/phone", "/api/phone/qr.svg",
            "/ws/phone");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");

    /** The fuzz tests talk to their own server on the loopback interface, and only there (Jazzer's SSRF detector). */
    private static void loopbackOnly() {
        com.code_intelligence.jazzer.api.BugDetectors.allowNetworkConnections(
                (host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
    }

    private static synchronized TestDashboard dashboard() throws Exception {
        if (dashboard == null) {
            Path data = Files.createTempDirectory("hiphike-api-fuzz");
            SessionStore store = SessionStore.open(data);
            store.importRecording(Path.of("samples/left-set_clean_100hz.csv"),
                    new org.hiphike.session.SessionInfo(java.time.Instant.parse("2026-12-01T10:00:00Z"), "fuzz", "bmi270", 100,
                            "+X+Y+Z", org.hiphike.exercise.Thresholds.DEFAULTS, ""),
                    org.hiphike.exercise.PipelineSettings.DEFAULTS);
            dashboard = new TestDashboard(null, store);
        }
        return dashboard;
    }

    @FuzzTest(maxDuration = "20s")
    void http(FuzzedDataProvider in) throws Exception {
        loopbackOnly();
        TestDashboard d = dashboard();
        byte[] request;
        if (in.consumeInt(0, 7) == 0) {
            request = in.consumeRemainingAsBytes(); // anything at all on the socket
        } else {
            String method = in.pickValue(METHODS);
            String path = in.pickValue(ROUTES) + in.consumeString(40);
            int headers = in.consumeInt(0, 4);
            StringBuilder sb = new StringBuilder();
            sb.append(method).append(' ').append(path.replace(" ", "%20").replace("\r", "").replace("\n", ""))
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(d.app.port()).append("\r\n");
            for (int i = 0; i < headers; i++) {
                sb.append(in.pickValue(List.of("Origin", "Content-Type", "Authorization", "X-Hiphike-Token", "Cookie",
                        "Upgrade", "Accept", "Host"))).append(": ")
                        .append(in.consumeString(60).replace("\r", "").replace("\n", "")).append("\r\n");
            }
            byte[] body = in.consumeRemainingAsBytes();
            sb.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
            request = new byte[head.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(body, 0, request, head.length, body.length);
        }
        String status = exchange(d.app.port(), request);
        if (status.startsWith("HTTP/1.1 ")) {
            int code = Integer.parseInt(status.substring(9, 12));
            // 500 is an exception nobody handled; Jetty's own protocol answers (505 for a bad version) are fine
            assertTrue(code != 500, "a request answered " + status);
        }
        healthy(d);
    }

    @FuzzTest(maxDuration = "20s")
    void websocket(FuzzedDataProvider in) throws Exception {
        loopbackOnly();
        TestDashboard d = dashboard();
        HttpClient http = d.http;
        if (in.consumeBoolean()) {
            // A handshake with any query (a session to watch, a token): connected, or refused cleanly.
            String query = "session=" + URLEncoder.encode(in.consumeString(30), StandardCharsets.UTF_8) + "&token="
                    + URLEncoder.encode(in.consumeString(30), StandardCharsets.UTF_8);
            try {
                WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                        .buildAsync(d.ws(query), new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
                ws.abort();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof java.net.http.WebSocketHandshakeException)) throw e;
            }
        } else {
            // Any message on an open socket: it only pushes, and must stay open.
            WebSocket ws = socket(d);
            String text = in.consumeRemainingAsString();
            try {
                ws.sendText(text, true).get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | CompletionException e) {
                fail("the live socket refused a message: " + e.getCause());
            }
        }
        healthy(d);
    }

    private static PhoneLink phoneLink;
    private static LiveSession phoneSession;

    /**
     * Any message from a phone (anything, or a samples message of fuzzed numbers): read within its bounds or refused
     * with a close code and reason; never an exception, never more samples queued than it carried.
     */
    @FuzzTest(maxDuration = "10s")
    void phone(FuzzedDataProvider in) {
        synchronized (ApiFuzzTest.class) {
            if (phoneLink == null) {
                phoneSession = new LiveSession(PrescriptionStore.inMemory(Prescription.DEFAULTS));
                phoneLink = new PhoneLink(phoneSession);
            }
        }
        long now = in.consumeLong(0, Long.MAX_VALUE / 4);
        PhoneLink.Connection c = phoneLink.open(now);
        String text;
        int rows = 0;
        if (in.consumeBoolean()) {
            StringBuilder b = new StringBuilder("{\"type\":\"samples\",\"s\":[");
            rows = in.consumeInt(0, 300);
            for (int i = 0; i < rows && in.remainingBytes() > 0; i++) {
                if (i > 0) b.append(',');
                b.append('[');
                int n = in.consumeInt(5, 8);
                for (int k = 0; k < n; k++) b.append(k > 0 ? "," : "").append(in.consumeDouble());
                b.append(']');
            }
            text = b.append("]}").toString();
        } else {
            text = in.consumeRemainingAsString();
        }
        PhoneLink.Outcome o = c.message(text, now);
        if (o.closes()) {
            assertTrue(o.closeCode() == PhoneLink.POLICY_VIOLATION || o.closeCode() == PhoneLink.TOO_BIG, "code " + o.closeCode());
            assertTrue(o.reason() != null && !o.reason().isBlank());
        } else {
            assertTrue(o.queued() <= Math.max(rows, PhoneLink.MAX_SAMPLES_PER_MESSAGE), "queued " + o.queued());
        }
        c.closed("fuzz");
    }

    private static synchronized WebSocket socket(TestDashboard d) throws Exception {
        if (openSocket == null || openSocket.isOutputClosed() || openSocket.isInputClosed()) {
            openSocket = d.http.newWebSocketBuilder().buildAsync(d.ws(null), new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS);
        }
        return openSocket;
    }

    /** Sends a request on a fresh connection and reads the reply to its end; returns the status line ("" if none). */
    private static String exchange(int port, byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                return ""; // the server closed the connection on bad bytes: a clean refusal
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0 && reply.size() < (1 << 22)) reply.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                fail("no reply within 10 s to a request of " + request.length + " bytes");
            } catch (IOException e) {
                // reset by the server after its answer
            }
            String text = reply.toString(StandardCharsets.ISO_8859_1);
            int eol = text.indexOf("\r\n");
            return eol < 0 ? text : text.substring(0, eol);
        }
    }

    private static void healthy(TestDashboard d) throws Exception {
        assertEquals(200, d.get("/api/state").statusCode(), "the dashboard still answers");
    }
}

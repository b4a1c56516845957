package org.hiphike.web;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.session.SessionStore;
import org.hiphike.source.SensorPorts;

/** A dashboard on a free port with the bundled samples, for tests. */
final class TestDashboard implements AutoCloseable {
    static final Path SAMPLES = Path.of("samples");
    final LiveSession session;
    final SourceCatalog catalog;
    final PrescriptionStore store;
    final Javalin app;
    final HttpClient http = HttpClient.newHttpClient();

    TestDashboard(String token, PrescriptionStore store, long maxUploadBytes) {
        this(token, store, maxUploadBytes, SensorPorts.NONE, null);
    }

    /** With these sensor ports in the source menu. */
    TestDashboard(SensorPorts ports) {
        this(null, PrescriptionStore.inMemory(Prescription.DEFAULTS), DashboardServer.DEFAULT_MAX_UPLOAD_BYTES, ports, null);
    }

    TestDashboard(String token, PrescriptionStore store, long maxUploadBytes, SensorPorts ports) {
        this(token, store, maxUploadBytes, ports, null);
    }

    /**
     * A dashboard over a session store (history, trends, reports), where the live session saves each
     * source's session too; null for one started with --no-save.
     */
    TestDashboard(String token, SessionStore sessions) {
        this(token, PrescriptionStore.inMemory(Prescription.DEFAULTS), DashboardServer.DEFAULT_MAX_UPLOAD_BYTES, SensorPorts.NONE, sessions);
    }

    /** A dashboard whose WebSocket clients are dropped when more than {@code maxQueuedChars} wait for them. */
    static TestDashboard withWsQueue(long maxQueuedChars) {
        return new TestDashboard(null, PrescriptionStore.inMemory(Prescription.DEFAULTS), DashboardServer.DEFAULT_MAX_UPLOAD_BYTES,
                SensorPorts.NONE, null, maxQueuedChars);
    }

    private TestDashboard(String token, PrescriptionStore store, long maxUploadBytes, SensorPorts ports, SessionStore sessions) {
        this(token, store, maxUploadBytes, ports, sessions, BoundedWsClient.MAX_QUEUED_CHARS);
    }

    private TestDashboard(String token, PrescriptionStore store, long maxUploadBytes, SensorPorts ports, SessionStore sessions,
                          long maxQueuedChars) {
        this.store = store;
        session = sessions == null ? new LiveSession(store)
                : new LiveSession(store, AxisRemap.IDENTITY, PipelineSettings.DEFAULTS, null, sessions);
        catalog = new SourceCatalog(SAMPLES, ports, 42);
        app = DashboardServer.create(new DashboardServer.Dependencies(session, catalog, store, new DashboardSecurity(token),
                maxUploadBytes, Map.of(), sessions), maxQueuedChars).start("127.0.0.1", 0);
    }

    TestDashboard() { this(null, PrescriptionStore.inMemory(Prescription.DEFAULTS), DashboardServer.DEFAULT_MAX_UPLOAD_BYTES); }

    String base() { return "http://127.0.0.1:" + app.port(); }

    URI ws(String query) { return URI.create("ws://127.0.0.1:" + app.port() + "/ws/live" + (query == null ? "" : "?" + query)); }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends {@code request} (request line and headers, CRLF-separated, without the blank line that ends them) as raw
     * bytes, headers the JDK's client will not send among them (Host), and returns the whole response as text.
     */
    String raw(String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", app.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((request + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() {
        session.close();
        app.stop();
    }
}

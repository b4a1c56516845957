package org.hiphike.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.Thresholds;
import org.hiphike.recording.RecordingFormatException;
import org.hiphike.session.SessionStore;
import org.hiphike.source.Pace;
import org.hiphike.source.SampleSource;

/**
 * The dashboard's web server: the page, the JSON API and the live WebSocket over one
 * {@link LiveSession}. {@link #create} returns an unstarted Javalin built from its dependencies;
 * the caller starts it ({@code start(host, port)}, port 0 in tests).
 */
public final class DashboardServer {
    /** Largest upload accepted, bytes. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

    /** Files of the page: the only things served from resources, by fixed name. */
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html|text/html; charset=utf-8",
            "/app.js", "app.js|text/javascript; charset=utf-8",
            "/app.css", "app.css|text/css; charset=utf-8",
            "/chart.js", "chart.js|text/javascript; charset=utf-8",
            "/trends.js", "trends.js|text/javascript; charset=utf-8",
            "/history.js", "history.js|text/javascript; charset=utf-8",
            "/guide.js", "guide.js|text/javascript; charset=utf-8",
            "/sensor", "sensor.html|text/html; charset=utf-8",
            "/sensor.js", "sensor.js|text/javascript; charset=utf-8",
            "/favicon.svg", "favicon.svg|image/svg+xml");

    /**
     * What the server is built from.
     *
     * @param session        the live session
     * @param catalog        sources that can be played
     * @param prescriptions  the stored prescription
     * @param security       token and origin rules
     * @param maxUploadBytes largest upload
     * @param extraSessions  further sessions by id, watched with {@code /ws/live?session=ID} (several sensors, benchmarks)
     * @param sessions       the session store (history, reports), or null when sessions are not saved
     */
    public record Dependencies(LiveSession session, SourceCatalog catalog, PrescriptionStore prescriptions,
                               DashboardSecurity security, long maxUploadBytes, Map<String, LiveSession> extraSessions,
                               SessionStore sessions) {
        public Dependencies(LiveSession session, SourceCatalog catalog, PrescriptionStore prescriptions, DashboardSecurity security) {
            this(session, catalog, prescriptions, security, DEFAULT_MAX_UPLOAD_BYTES, Map.of(), null);
        }

        public Dependencies(LiveSession session, SourceCatalog catalog, PrescriptionStore prescriptions, DashboardSecurity security,
                            long maxUploadBytes, Map<String, LiveSession> extraSessions) {
            this(session, catalog, prescriptions, security, maxUploadBytes, extraSessions, null);
        }
    }

    private DashboardServer() {}

    /**
     * Jetty's own error pages (a request refused before it reaches a route: an ambiguous or malformed path, a bad
     * header) carry the same security headers as every page.
     */
    static final class SecureErrorHandler extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              org.eclipse.jetty.util.Callback callback) throws Exception {
            DashboardSecurity.HEADERS.forEach((k, v) -> {
                if (!k.equals("Cache-Control")) response.getHeaders().put(k, v);
            });
            return super.handle(request, response, callback);
        }

        @Override
        public java.nio.ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
            DashboardSecurity.HEADERS.forEach((k, v) -> {
                if (!k.equals("Cache-Control")) fields.put(k, v);
            });
            return super.badMessageError(status, reason, fields);
        }
    }

    /**
     * Where a server with HTTPS listens: HTTP on {@code httpPort} and HTTPS on {@code httpsPort} (0 picks a free port),
     * both on {@code host}, with the certificate {@code certificate}. Start such a server with {@code start()}: its
     * connectors are its own.
     */
    public record Listen(String host, int httpPort, int httpsPort, DashboardCertificate certificate) {}

    public static Javalin create(Dependencies d) { return create(d, BoundedWsClient.MAX_QUEUED_CHARS, null); }

    /** A server with both an HTTP and an HTTPS connector ({@link Listen}); start it with {@code start()}. */
    public static Javalin create(Dependencies d, Listen listen) { return create(d, BoundedWsClient.MAX_QUEUED_CHARS, listen); }

    static Javalin create(Dependencies d, long maxQueuedChars) { return create(d, maxQueuedChars, null); }

    /** @param maxQueuedChars characters of messages that may wait for one WebSocket client before it is dropped */
    static Javalin create(Dependencies d, long maxQueuedChars, Listen listen) {
        Map<String, LiveSession.Client> wsClients = new ConcurrentHashMap<>();
        PhoneLink phones = new PhoneLink(d.session());
        SensorLoggerLink sensorLogger = new SensorLoggerLink(d.session());
        java.util.concurrent.atomic.AtomicReference<org.eclipse.jetty.server.ServerConnector> https = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<org.eclipse.jetty.server.ServerConnector> http = new java.util.concurrent.atomic.AtomicReference<>();
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = d.maxUploadBytes();
            config.jetty.modifyServer(server -> server.setErrorHandler(new SecureErrorHandler()));
            if (listen != null) {
                // Adding a connector removes Javalin's default one: the plain HTTP connector is added here too.
                config.jetty.addConnector((server, httpConfig) -> {
                    var c = new org.eclipse.jetty.server.ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(httpConfig));
                    c.setHost(listen.host());
                    c.setPort(listen.httpPort());
                    http.set(c);
                    return c;
                });
                config.jetty.addConnector((server, httpConfig) -> {
                    var tlsConfig = new org.eclipse.jetty.server.HttpConfiguration(httpConfig);
                    // No SNI check: phones open the dashboard by its address, which carries no SNI.
                    tlsConfig.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false, false, -1, false));
                    var c = new org.eclipse.jetty.server.ServerConnector(server,
                            new org.eclipse.jetty.server.SslConnectionFactory(listen.certificate().sslContextFactory(), "http/1.1"),
                            new org.eclipse.jetty.server.HttpConnectionFactory(tlsConfig));
                    c.setHost(listen.host());
                    c.setPort(listen.httpsPort());
                    https.set(c);
                    return c;
                });
            }
            config.routes.before(ctx -> {
                d.security().headers(ctx);
                d.security().checkHost(ctx);
                d.security().checkToken(ctx);
                if (ctx.method() != io.javalin.http.HandlerType.GET && ctx.method() != io.javalin.http.HandlerType.HEAD) {
                    d.security().checkOrigin(ctx);
                }
            });
            config.routes.wsBeforeUpgrade("/ws/phone", ctx -> {
                d.security().checkHost(ctx);
                d.security().checkToken(ctx);
                d.security().checkOrigin(ctx);
            });
            config.routes.wsBeforeUpgrade("/ws/live", ctx -> {
                d.security().checkHost(ctx);
                d.security().checkToken(ctx);
                d.security().checkOrigin(ctx);
                String id = ctx.queryParam("session");
                if (id != null && !d.extraSessions().containsKey(id)) throw new BadRequestResponse("no session '" + id + "'");
            });
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage(), null, null));
            config.routes.exception(RecordingFormatException.class,
                    (e, ctx) -> error(ctx, 400, e.getMessage(), e.lineNumber() > 0 ? e.lineNumber() : null, e.column()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage(), null, null));
            config.routes.exception(IOException.class, (e, ctx) -> error(ctx, 500, e.getMessage(), null, null));
            config.routes.exception(SensorLoggerLink.Refused.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), null, null));

            ASSETS.forEach((path, spec) -> {
                String[] parts = spec.split("\\|");
                byte[] body = resource(parts[0]);
                config.routes.get(path, ctx -> ctx.contentType(parts[1]).result(body));
            });

            config.routes.get("/api/state", ctx -> json(ctx, state(d)));
            config.routes.get("/api/report", ctx -> json(ctx, d.session().report()));
            config.routes.get("/api/samples", ctx -> json(ctx, d.catalog().sampleEntries()));
            config.routes.get("/api/sources", ctx -> json(ctx, sources(d)));
            config.routes.post("/api/source", ctx -> {
                JsonNode body = body(ctx);
                String kind = text(body, "kind");
                String id = text(body, "id");
                if ("phone".equals(kind)) {
                    phones.waitForPhone();
                    json(ctx, d.session().state());
                    return;
                }
                if ("sensor-logger".equals(kind)) {
                    sensorLogger.waitForPushes();
                    json(ctx, d.session().state());
                    return;
                }
                double speed = body.hasNonNull("speed") ? Pace.parseSpeed(body.get("speed").asText()) : 1;
                SampleSource src = d.catalog().open(kind, id, speed, d.prescriptions().get());
                d.session().start(src, kind, id);
                json(ctx, d.session().state());
            });
            config.routes.post("/api/stop", ctx -> {
                d.session().stop();
                json(ctx, d.session().state());
            });
            config.routes.post("/api/new-set", ctx -> {
                d.session().newSet();
                json(ctx, d.session().state());
            });
            config.routes.post("/api/relevel", ctx -> {
                d.session().relevel();
                json(ctx, d.session().state());
            });
            config.routes.post("/api/replay", ctx -> {
                JsonNode body = body(ctx);
                Double speed = body.hasNonNull("speed") ? Pace.parseSpeed(body.get("speed").asText()) : null;
                Boolean paused = body.hasNonNull("paused") ? body.get("paused").asBoolean() : null;
                if (!d.session().setPace(speed, paused)) throw new IllegalArgumentException("the current source is not a replay");
                json(ctx, d.session().state());
            });
            config.routes.get("/api/prescription", ctx -> json(ctx, d.prescriptions().get()));
            config.routes.put("/api/prescription", ctx -> {
                Prescription p = parsePrescription(ctx);
                d.prescriptions().set(p);
                d.session().prescriptionChanged(p);
                json(ctx, p);
            });
            config.routes.post("/api/uploads", ctx -> {
                long length = ctx.contentLength();
                if (length > d.maxUploadBytes()) {
                    throw new HttpResponseException(413, "the file is larger than " + sizeText(d.maxUploadBytes()));
                }
                try (InputStream in = new LimitedInputStream(ctx.bodyInputStream(), d.maxUploadBytes())) {
                    SourceCatalog.Entry e = d.catalog().addUpload(ctx.queryParam("name"), in);
                    ctx.status(201);
                    json(ctx, e);
                } catch (LimitedInputStream.TooLarge e) {
                    throw new HttpResponseException(413, "the file is larger than " + sizeText(d.maxUploadBytes()));
                }
            });

            HistoryRoutes.register(config.routes, d.sessions());

            config.routes.get("/api/phone", ctx -> json(ctx, phoneInfo(d, listen, https.get(), http.get())));
            config.routes.get("/api/phone/qr.svg", ctx -> {
                String url = (String) phoneInfo(d, listen, https.get(), http.get()).get("url");
                ctx.contentType("image/svg+xml").result(url == null ? QrSvg.empty() : QrSvg.of(url));
            });
            // Sensor Logger's HTTP push: one JSON batch per request, the token in the address the app is given.
            config.routes.post("/api/push/sensor-logger", ctx -> {
                // Any Content-Type: what the app sends is not documented, and a page's cross-site post carries an
                // Origin (refused above) besides lacking the token.
                if (ctx.contentLength() > SensorLoggerLink.MAX_BODY_BYTES) {
                    throw new SensorLoggerLink.Refused(413, "a batch is larger than " + sizeText(SensorLoggerLink.MAX_BODY_BYTES)
                            + ": choose a shorter batch period in Sensor Logger");
                }
                String body;
                try (InputStream in = new LimitedInputStream(ctx.bodyInputStream(), SensorLoggerLink.MAX_BODY_BYTES)) {
                    body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (LimitedInputStream.TooLarge e) {
                    throw new SensorLoggerLink.Refused(413, "a batch is larger than " + sizeText(SensorLoggerLink.MAX_BODY_BYTES)
                            + ": choose a shorter batch period in Sensor Logger");
                }
                json(ctx, sensorLogger.push(body, ctx.queryParam("frame"), ctx.queryParam("mount"), System.nanoTime()));
            });
            config.routes.ws("/ws/phone", ws -> {
                Map<String, PhoneLink.Connection> open = new ConcurrentHashMap<>();
                ws.onConnect(ctx -> {
                    ctx.session.setMaxTextMessageSize(PhoneLink.MAX_MESSAGE_CHARS);
                    ctx.enableAutomaticPings();
                    open.put(ctx.sessionId(), phones.open(System.nanoTime()));
                });
                ws.onMessage(ctx -> {
                    PhoneLink.Connection c = open.get(ctx.sessionId());
                    if (c == null) return;
                    long now = System.nanoTime();
                    PhoneLink.Outcome o = c.message(ctx.message(), now);
                    if (o.closes()) {
                        ctx.send(Messages.json(Map.of("type", "error", "error", o.reason())));
                        open.remove(ctx.sessionId());
                        c.closed(o.reason());
                        ctx.closeSession(o.closeCode(), o.reason().length() > 120 ? o.reason().substring(0, 120) : o.reason());
                        return;
                    }
                    String status = c.status(now);
                    if (status != null) ctx.send(status);
                });
                ws.onClose(ctx -> {
                    PhoneLink.Connection c = open.remove(ctx.sessionId());
                    if (c != null) c.closed(ctx.reason() == null || ctx.reason().isBlank() ? null : ctx.reason());
                });
                ws.onError(ctx -> {
                    PhoneLink.Connection c = open.remove(ctx.sessionId());
                    if (c != null) c.closed("connection error");
                });
            });

            config.routes.ws("/ws/live", ws -> {
                ws.onConnect(ctx -> {
                    ctx.enableAutomaticPings();
                    LiveSession.Client c = new BoundedWsClient(ctx.session, maxQueuedChars);
                    wsClients.put(ctx.sessionId(), c);
                    sessionOf(d, ctx).addClient(c);
                });
                ws.onClose(ctx -> remove(d, wsClients, ctx));
                ws.onError(ctx -> remove(d, wsClients, ctx));
                ws.onMessage(ctx -> { /* the socket only pushes; commands go through the API */ });
            });
        });
    }

    private static LiveSession sessionOf(Dependencies d, WsContext ctx) {
        String id = ctx.queryParam("session");
        return id == null ? d.session() : d.extraSessions().getOrDefault(id, d.session());
    }

    private static void remove(Dependencies d, Map<String, LiveSession.Client> clients, WsContext ctx) {
        LiveSession.Client c = clients.remove(ctx.sessionId());
        if (c != null) sessionOf(d, ctx).removeClient(c);
    }

    /**
     * What the dashboard shows for the phone: the address of the {@code /sensor} page over HTTPS (this machine's LAN
     * address when the dashboard listens on the network, with the token), whether a phone can reach it, and the
     * certificate's fingerprint.
     */
    static Map<String, Object> phoneInfo(Dependencies d, Listen listen, org.eclipse.jetty.server.ServerConnector https,
                                         org.eclipse.jetty.server.ServerConnector http) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("push_url", http == null ? null : pushUrl(d, listen, http.getLocalPort()));
        if (listen == null || https == null || https.getLocalPort() <= 0) {
            m.put("https", false);
            m.put("network", false);
            m.put("url", null);
            m.put("note", "HTTPS is off (--no-https, or its certificate could not be made: the terminal says why): a phone's motion sensors are only readable on an HTTPS page.");
            return m;
        }
        String token = d.security().token();
        String query = token == null ? "" : "?token=" + token;
        boolean network = !DashboardSecurity.isLoopback(listen.host());
        java.util.List<String> urls = new java.util.ArrayList<>();
        if (network) {
            for (String a : DashboardLauncher.reachableAddresses(listen.host())) {
                urls.add("https://" + (a.contains(":") ? "[" + a + "]" : a) + ":" + https.getLocalPort() + "/sensor" + query);
            }
        }
        m.put("https", true);
        m.put("network", network && !urls.isEmpty());
        m.put("url", urls.isEmpty() ? null : urls.get(0));
        m.put("urls", urls);
        m.put("local_url", "https://127.0.0.1:" + https.getLocalPort() + "/sensor" + query);
        m.put("https_port", https.getLocalPort());
        m.put("fingerprint", listen.certificate().fingerprint());
        m.put("note", !network
                ? "The dashboard listens on this machine only: a phone cannot reach it. Start it with --host 0.0.0.0 "
                        + "(the phone and this machine on the same network), then scan the code."
                : urls.isEmpty() ? "No network address of this machine was found: is it connected to the network?"
                : "The phone warns that the connection is not private: the certificate is this machine's own (made by "
                        + "hiphike, not by an authority). Check that the address is this machine's, then accept it once: "
                        + "Chrome: Advanced, then Proceed; Safari: Show Details, then visit this website.");
        return m;
    }

    /**
     * The address Sensor Logger's HTTP push is given: plain HTTP (the app posts from the phone, not from a page, so no
     * secure context is needed) on this machine's LAN address when the dashboard listens on the network, with the
     * token; null when it is known only after the start ({@code listen} null: the caller knows its port).
     */
    static String pushUrl(Dependencies d, Listen listen, int httpPort) {
        if (listen == null || httpPort <= 0) return null;
        String token = d.security().token();
        String query = token == null ? "" : "?token=" + token;
        String host = "127.0.0.1";
        if (!DashboardSecurity.isLoopback(listen.host())) {
            java.util.List<String> a = DashboardLauncher.reachableAddresses(listen.host());
            if (!a.isEmpty()) host = a.get(0);
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpPort + "/api/push/sensor-logger" + query;
    }

    /** The port a started server's HTTP ({@code tls} false) or HTTPS connector listens on, or -1. */
    public static int localPort(Javalin app, boolean tls) {
        for (var c : app.jettyServer().server().getConnectors()) {
            if (c instanceof org.eclipse.jetty.server.ServerConnector sc
                    && (sc.getConnectionFactory(org.eclipse.jetty.server.SslConnectionFactory.class) != null) == tls) {
                return sc.getLocalPort();
            }
        }
        return -1;
    }

    static Map<String, Object> state(Dependencies d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", d.session().state());
        m.put("saving", d.session().saving());
        m.put("prescription", d.session().prescription());
        m.put("report", d.session().report());
        return m;
    }

    static Map<String, Object> sources(Dependencies d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sensors", d.catalog().sensorEntries());
        m.put("samples", d.catalog().sampleEntries());
        m.put("uploads", d.catalog().uploadEntries());
        m.put("simulated", true);
        m.put("phone", true);
        m.put("sensor_logger", true);
        m.put("current", d.session().state().source());
        return m;
    }

    private static Prescription parsePrescription(Context ctx) {
        JsonNode b = body(ctx);
        Prescription old = Prescription.DEFAULTS;
        JsonNode t = b.path("thresholds");
        Thresholds dt = old.thresholds();
        Thresholds th = new Thresholds(num(t, "level_deg", dt.levelDeg()), num(t, "min_peak_deg", dt.minPeakDeg()),
                num(t, "hold_band_deg", dt.holdBandDeg()), num(t, "knee_drop_cm", dt.kneeDropCm()),
                num(t, "short_hold_s", dt.shortHoldS()), num(t, "too_fast_lower_s", dt.tooFastLowerS()));
        JsonNode rest = b.get("rest_s");
        Double restS = rest == null || rest.isNull() ? null : num(b, "rest_s", Prescription.DEFAULT_REST_S);
        JsonNode sides = b.get("sides");
        String sidesName = null;
        if (sides != null && !sides.isNull()) {
            if (!sides.isTextual()) throw new IllegalArgumentException("sides must be left, right or both");
            sidesName = sides.asText().isEmpty() ? null : sides.asText();
        }
        return new Prescription(count(b, "reps_per_set", old.repsPerSet()), count(b, "sets", old.sets()),
                num(b, "hold_target_s", old.holdTargetS()), num(b, "target_depth_deg", old.targetDepthDeg()), th, restS, sidesName);
    }

    private static double num(JsonNode n, String field, double fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isNumber()) throw new IllegalArgumentException(field + " must be a number");
        return v.asDouble();
    }

    private static int count(JsonNode n, String field, int fallback) {
        double v = num(n, field, fallback);
        if (v != Math.rint(v) || Math.abs(v) > 1e6) throw new IllegalArgumentException(field + " must be a whole number");
        return (int) v;
    }

    static JsonNode body(Context ctx) {
        String ct = ctx.contentType();
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new IllegalArgumentException("send JSON (Content-Type: application/json)");
        }
        try {
            JsonNode n = Messages.mapper().readTree(ctx.body());
            if (n == null || !n.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void json(Context ctx, Object value) {
        ctx.contentType("application/json").result(value instanceof org.hiphike.exercise.Report ? ReportJson.toJson(value) : Messages.json(value));
    }

    private static void error(Context ctx, int status, String message, Long line, String column) {
        if (wantsPage(ctx)) {
            ctx.status(status).contentType("text/html; charset=utf-8").result(errorPage(status, message));
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        if (line != null) m.put("line", line);
        if (column != null) m.put("column", column);
        ctx.status(status).contentType("application/json").result(Messages.json(m));
    }

    private static String escapeHtml(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A browser opening a page (not the API, not a script): it is answered with a page a person can read. */
    static boolean wantsPage(Context ctx) {
        String accept = ctx.header("Accept");
        return ctx.method() == io.javalin.http.HandlerType.GET && !ctx.path().startsWith("/api/") && !ctx.path().startsWith("/ws/")
                && accept != null && accept.contains("text/html");
    }

    /**
     * The error as a page: a title, the message and, for a missing token, how to get the address with it. Plain HTML
     * (the style sheet is behind the token too).
     */
    static String errorPage(int status, String message) {
        String title = status == 401 ? "This dashboard needs its access link" : status == 403 ? "Not allowed" : "Something went wrong";
        StringBuilder b = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>hiphike: ")
                .append(title).append("</title></head><body><h1>").append(title).append("</h1><p>")
                .append(escapeHtml(message)).append(".</p>");
        if (status == 401) {
            b.append("<p>When hiphike starts it prints the dashboard's address in its terminal, ending in "
                    + "<code>?token=</code> and a code. Open that address (on a phone, scan the QR code under ⚙ Controls on "
                    + "the computer's page). This browser then remembers it until it is closed.</p>"
                    + "<p>Lost the address? Stop hiphike (Ctrl-C) and start it again: it prints a new one. "
                    + "<code>--token CODE</code> keeps the same code from one start to the next.</p>");
        }
        return b.append("<p><small>hiphike, HTTP ").append(status).append("</small></p></body></html>").toString();
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardServer.class.getResourceAsStream("/web/" + name)) {
            if (in == null) throw new IllegalStateException("missing resource web/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops reading past a limit. */
    static final class LimitedInputStream extends java.io.FilterInputStream {
        static final class TooLarge extends IOException {
            TooLarge() { super("too large"); }
        }

        private long left;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) throw new TooLarge();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (left -= n) < 0) throw new TooLarge();
            return n;
        }
    }

    /** A byte count as a person reads it: "600 kB", "64 MB". */
    static String sizeText(long bytes) {
        if (bytes >= 1024L * 1024) return (bytes / (1024 * 1024)) + " MB";
        if (bytes >= 1024) return (bytes / 1024) + " kB";
        return bytes + " bytes";
    }
}

package org.hiphike.web;

import io.javalin.Javalin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hiphike.cli.PrescriptionOptions;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.session.SessionStore;
import org.hiphike.source.SampleSource;
import org.hiphike.source.SensorPorts;

/** Builds and starts a dashboard for the commands, prints where it is and opens a browser. */
public final class DashboardLauncher {
    private DashboardLauncher() {}

    /** A running dashboard. */
    public record Running(Javalin app, LiveSession session, String url, SessionStore sessions) implements AutoCloseable {
        @Override
        public void close() {
            session.close();
            app.stop();
            if (sessions != null) sessions.close();
        }
    }

    /**
     * Starts the server, then the first source chosen by {@code firstSource} (null for none).
     */
    static Running start(DashboardOptions o, PrescriptionOptions p, SensorPorts ports,
                         Function<SourceCatalog, SourceStart> firstSource, PrintWriter out) throws Exception {
        // The terminal says it too when saving stops (a full disk): the page is not always in sight.
        return start(o, p, ports, firstSource, session -> session.addListener(new LiveSession.Listener() {
            @Override
            public void recordingFailed(String message) {
                out.println("hiphike: warning: " + message);
                out.flush();
            }
        }), out);
    }

    /**
     * Starts the server, lets {@code prepare} add its listeners to the session, then starts the first source
     * chosen by {@code firstSource} (null for none). Thresholds given on the command line override the stored
     * prescription's for this run.
     */
    public static Running start(DashboardOptions o, PrescriptionOptions p, SensorPorts ports,
                                Function<SourceCatalog, SourceStart> firstSource, Consumer<LiveSession> prepare, PrintWriter out)
            throws Exception {
        AxisRemap remap = p.remap();
        PipelineSettings settings = p.settings();
        String token = o.token;
        if (token == null && !DashboardSecurity.isLoopback(o.host)) {
            token = DashboardSecurity.newToken();
        }
        if (token != null && token.length() < 8) throw new IllegalArgumentException("--token must be at least 8 characters");
        // Opening the session store (loading SQLite's native library, the schema, recovering an interrupted
        // recording) takes about a quarter of the start-up: it runs beside the rest, which needs it only at the end.
        java.util.concurrent.CompletableFuture<SessionStore> opening = new java.util.concurrent.CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                // With --no-save the history still lists the sessions saved before; only this run's are not saved.
                opening.complete(o.openHistory(out));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "hiphike-open-store");
        opener.setDaemon(true);
        opener.start();
        try {
            return start(o, p, ports, firstSource, prepare, out, remap, settings, token, opening);
        } catch (Exception | Error e) {
            // the store is not handed on: close it once it is open
            opening.thenAccept(store -> {
                if (store != null) store.close();
            });
            throw e;
        }
    }

    private static Running start(DashboardOptions o, PrescriptionOptions p, SensorPorts ports,
                                 Function<SourceCatalog, SourceStart> firstSource, Consumer<LiveSession> prepare, PrintWriter out,
                                 AxisRemap remap, PipelineSettings settings, String token,
                                 java.util.concurrent.CompletableFuture<SessionStore> opening) throws Exception {
        Path configDir = o.configDir != null ? o.configDir : PrescriptionStore.defaultDir();
        PrescriptionStore store = new PrescriptionStore(configDir.resolve("prescription.json"));
        if (store.loadProblem() != null) out.println("hiphike: " + store.loadProblem());
        if (p.thresholdsGiven()) {
            Prescription stored = store.get();
            store = PrescriptionStore.inMemory(stored.withThresholds(p.thresholds())
                    .withTargetDepthDeg(p.targetDepthDeg() != null ? p.targetDepthDeg() : stored.targetDepthDeg()),
                    store.prescribed() || p.targetDepthDeg() != null);
            out.println("hiphike: the thresholds (and target depth) given on the command line apply; prescription changes on the page are not kept");
        }
        SourceCatalog catalog = new SourceCatalog(o.samples != null ? o.samples : defaultSamplesDir(), ports, System.nanoTime());
        PrescriptionStore prescriptionsNow = store;
        catalog.prescriptions(prescriptionsNow::get);
        java.util.Set<String> hosts = DashboardSecurity.hostsFor(o.host, o.allowHosts);
        String busy = portInUse(o.host, o.port);
        if (busy == null && !o.noHttps) {
            busy = portInUse(o.host, o.httpsPort());
            if (busy != null) {
                // The HTTPS port of another dashboard: its address is https, and a second dashboard needs both ports.
                busy = busy.replace("(open http://", "(open https://").replace("with --http-port",
                        "with --https-port (or --no-https); a second dashboard needs another --http-port and --https-port");
            }
        }
        if (busy != null) throw new IllegalArgumentException(busy); // the caller closes the store
        DashboardCertificate certificate = null;
        if (!o.noHttps) {
            try {
                certificate = DashboardCertificate.loadOrCreate(configDir, hosts);
            } catch (java.io.IOException e) {
                // An unwritable config folder costs the phone, not the dashboard.
                out.println("hiphike: HTTPS is off: " + e.getMessage() + " (choose another folder with --config-dir)");
            }
        }
        SessionStore sessions;
        try {
            sessions = opening.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
        SessionStore saveTo = o.noSave ? null : sessions;
        if (saveTo != null) catalog.uploadsTo(saveTo.dataDir().resolve("uploads"));
        LiveSession session = new LiveSession(store, remap, settings, null, saveTo);
        session.saveSimulated(o.saveDemo);
        DashboardServer.Dependencies deps = new DashboardServer.Dependencies(session, catalog, store, new DashboardSecurity(token,
                hosts), DashboardServer.DEFAULT_MAX_UPLOAD_BYTES, java.util.Map.of(), sessions);
        Javalin app;
        try {
            if (certificate == null) {
                app = DashboardServer.create(deps);
                app.start(o.host, o.port);
            } else {
                app = DashboardServer.create(deps, new DashboardServer.Listen(o.host, o.port, o.httpsPort(), certificate));
                app.start();
            }
        } catch (RuntimeException e) {
            session.close(); // and the caller closes the store
            throw new IllegalArgumentException("cannot listen on " + o.host + ":" + o.port
                    + (certificate == null ? "" : " and " + o.httpsPort()) + " (" + rootMessage(e) + ")");
        }
        int httpPort = DashboardServer.localPort(app, false);
        int httpsPort = certificate == null ? -1 : DashboardServer.localPort(app, true);
        String shownHost = o.host.equals("0.0.0.0") || o.host.equals("::") ? "127.0.0.1" : o.host;
        String url = "http://" + (shownHost.contains(":") ? "[" + shownHost + "]" : shownHost) + ":" + httpPort + "/"
                + (token != null ? "?token=" + token : "");
        SourceStart first = firstSource == null ? null : firstSource.apply(catalog);
        prepare.accept(session);
        if (first != null) session.start(first.source(), first.kind(), first.id());
        out.println("hiphike dashboard: " + url);
        if (!DashboardSecurity.isLoopback(o.host)) {
            java.util.List<String> addresses = reachableAddresses(o.host);
            out.println("  listening on " + o.host + (addresses.isEmpty() ? "" : ": other devices open"));
            for (String a : addresses) {
                out.println("    http://" + (a.contains(":") ? "[" + a + "]" : a) + ":" + httpPort + "/?token=" + token);
            }
        }
        if (certificate != null) {
            String q = token != null ? "?token=" + token : "";
            if (DashboardSecurity.isLoopback(o.host)) {
                out.println("  HTTPS: https://" + (shownHost.contains(":") ? "[" + shownHost + "]" : shownHost) + ":" + httpsPort + "/" + q
                        + " (a phone as the sensor needs --host 0.0.0.0)");
            } else {
                for (String a : reachableAddresses(o.host)) {
                    out.println("  phone as the sensor: https://" + (a.contains(":") ? "[" + a + "]" : a) + ":" + httpsPort + "/sensor" + q
                            + " (the QR code is under Controls)");
                }
            }
            out.println("  HTTPS certificate " + (certificate.created() ? "made" : "kept") + " in " + certificate.file()
                    + ", SHA-256 " + certificate.fingerprint());
            if (!certificate.addedNames().isEmpty()) {
                out.println("  (made anew, same key, because it did not name " + String.join(", ", certificate.addedNames())
                        + ": a phone that accepted the old one shows the certificate warning once more)");
            }
        }
        out.println("  Sensor Logger app: HTTP Push to http://" + pushHost(o.host, shownHost) + ":" + httpPort
                + "/api/push/sensor-logger" + (token != null ? "?token=" + token : "")
                + (DashboardSecurity.isLoopback(o.host) ? " (a phone needs --host 0.0.0.0)" : ""));
        if (first != null) out.println("  source: " + first.source().description());
        if (o.noSave) {
            out.println("  sessions are not saved (--no-save)" + (sessions == null ? ""
                    : "; the history shows those saved before, in " + sessions.dataDir()));
        } else {
            printSaving(sessions, out, !o.saveDemo);
        }
        out.println("  stop with Ctrl-C");
        out.flush();
        if (!o.noBrowser) openBrowser(url);
        return new Running(app, session, url, sessions);
    }

    /** The address Sensor Logger is given: this machine's first network address when listening on the network. */
    private static String pushHost(String host, String shownHost) {
        String h = shownHost;
        if (!DashboardSecurity.isLoopback(host)) {
            java.util.List<String> a = reachableAddresses(host);
            if (!a.isEmpty()) h = a.get(0);
        }
        return h.contains(":") ? "[" + h + "]" : h;
    }

    /**
     * Why the port cannot be listened on (taken, most often by a hiphike already running), with what to do, or null
     * when it is free. Tried before the server starts, so the user reads one line instead of the server's log.
     */
    public static String portInUse(String host, int port) {
        if (port == 0) return null;
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
            return null;
        } catch (java.io.IOException e) {
            String shown = host.contains(":") ? "[" + host + "]" : host;
            return "cannot listen on " + shown + ":" + port + " (" + e.getMessage() + "): is hiphike already running there "
                    + "(open http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : shown) + ":" + port + "/)? Choose another port "
                    + "with --http-port";
        }
    }

    /** The addresses other devices can reach a server bound to {@code host} at: the address, or this machine's own. */
    static java.util.List<String> reachableAddresses(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::")) return java.util.List.of(host);
        java.util.List<String> out = new java.util.ArrayList<>();
        try {
            for (var nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (var a : java.util.Collections.list(nif.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address && !a.isLinkLocalAddress()) out.add(a.getHostAddress());
                }
            }
        } catch (java.net.SocketException e) {
            // no interface list: nothing to print but the bound address
        }
        return out;
    }

    /** Where sessions are saved, and which were recovered after a crash. */
    public static void printSaving(SessionStore sessions, PrintWriter out) { printSaving(sessions, out, false); }

    /** The same; {@code demo} says the simulated sensor's sessions are not saved (the dashboard's menu has it). */
    static void printSaving(SessionStore sessions, PrintWriter out, boolean demo) {
        if (sessions == null) return;
        out.println("  sessions saved in " + sessions.dataDir() + " (--no-save to not save"
                + (demo ? "; the simulated sensor's only with --save-demo)" : ")"));
        if (!sessions.recoveredAtOpen().isEmpty()) {
            out.println("  recovered session" + (sessions.recoveredAtOpen().size() == 1 ? " " : "s ") + sessions.recoveredAtOpen()
                    + ", cut off when hiphike last stopped unexpectedly");
        }
    }

    public record SourceStart(SampleSource source, String kind, String id) {}

    /** Blocks until the process is asked to stop, then stops the dashboard. */
    static int serveUntilStopped(Running running) throws InterruptedException {
        StopSignals.exitZeroOnStop();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "hiphike-shutdown"));
        stopped.await();
        return 0;
    }

    /** samples/ beside the launcher (the jar lives in target/), else in the working folder. */
    static Path defaultSamplesDir() {
        String env = System.getenv("HIPHIKE_SAMPLES");
        if (env != null && !env.isBlank()) return Path.of(env);
        try {
            Path jar = Path.of(DashboardLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("samples"))) return p.resolve("samples");
                if (p.getNameCount() < 2) break;
            }
        } catch (Exception ignored) {
            // fall through
        }
        return Path.of("samples");
    }

    private static void openBrowser(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String[] cmd;
        if (os.contains("mac")) cmd = new String[] {"open", url};
        else if (os.contains("win")) cmd = new String[] {"rundll32", "url.dll,FileProtocolHandler", url};
        else {
            if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) return;
            cmd = new String[] {"xdg-open", url};
        }
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (Exception ignored) {
            // no browser opener here: the URL is printed
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage();
    }
}

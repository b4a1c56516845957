package org.hiphike.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.live.CsvFileRecorder;
import org.hiphike.live.RawCapture;
import org.hiphike.live.TerminalView;
import org.hiphike.session.SessionStore;
import org.hiphike.source.BleSource;
import org.hiphike.source.SampleSource;
import org.hiphike.source.SensorPorts;
import org.hiphike.source.SerialOpenException;
import org.hiphike.source.SerialPortInfo;
import org.hiphike.source.SerialPorts;
import org.hiphike.source.SerialSource;
import org.hiphike.web.DashboardLauncher;
import org.hiphike.web.DashboardOptions;
import org.hiphike.web.LiveSession;
import org.hiphike.web.Prescription;
import org.hiphike.web.PrescriptionStore;

/**
 * What {@code live} and {@code record} share: find and open the sensor, run the {@link LiveSession} (saved in
 * the session store, and on the dashboard when it is served) with the terminal view, stop at the duration,
 * when the source fails, or on Ctrl-C (a shutdown hook stops the session cleanly, so the recording is
 * closed, the session completed and the report still printed).
 */
final class LiveRunner {
    private final String command;
    private final LiveOptions live;
    private final PrescriptionOptions prescription;
    private final PrintWriter out;
    private final PrintWriter err;

    LiveRunner(String command, LiveOptions live, PrescriptionOptions prescription, PrintWriter out, PrintWriter err) {
        this.command = command;
        this.live = live;
        this.prescription = prescription;
        this.out = out;
        this.err = err;
    }

    /** What to print once the session has stopped. */
    interface Finisher {
        /** @param recordingFailure why the CSV recording stopped, or null */
        void finish(LiveSession session, SampleSource source, Report report, String recordingFailure);
    }

    /**
     * Runs a session to its end.
     *
     * @param view       where the live view goes (stdout, or stderr when stdout carries JSON)
     * @param csv        where to record CSV v1, or null
     * @param raw        where to keep the raw bytes, or null
     * @param dashboard  the dashboard's options; with {@code serve} the same session is on the dashboard too
     * @param serve      serve the dashboard
     * @return the exit code
     */
    int run(PrintWriter view, Path csv, Path raw, DashboardOptions dashboard, boolean serve, Finisher finisher)
            throws InterruptedException {
        Duration duration;
        String path;
        SampleSource sampleSource;
        SerialSource source; // the reading engine: its counters and raw bytes
        try {
            duration = live.duration();
            if (live.sensorLogger) {
                if (!serve) throw new IllegalArgumentException("--sensor-logger needs the dashboard: Sensor Logger pushes to it (drop --no-dashboard)");
                if (live.device != null || live.network()) throw new IllegalArgumentException("choose one of --sensor-logger, --device, --udp and --tcp");
                sampleSource = new org.hiphike.source.SensorLoggerSource();
                path = "sensor-logger";
                source = null;
            } else if (live.network()) {
                org.hiphike.source.NetworkSource net = live.openNetwork();
                path = net.engine().path();
                sampleSource = net;
                source = net.engine();
            } else if (BleSource.isBleId(path = live.device != null ? live.device : onlySensor())) {
                BleSource ble = BleSource.open(path, live.decoder());
                if (live.format.protocol() != null && live.format.protocol() != ble.kind().protocol()) {
                    ble.close();
                    throw new IllegalArgumentException(path + " is a " + ble.kind().label() + " sensor, which sends "
                            + ble.kind().protocol().cliName() + ", not " + live.format.protocol().cliName());
                }
                sampleSource = ble;
                source = ble.engine();
            } else {
                source = SerialSource.open(live.config(path));
                sampleSource = source;
            }
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        RawCapture capture = null;
        TerminalView terminal = new TerminalView(view, System.console() != null && view == out, () -> linkSummary(sampleSource));
        if (raw != null && source == null) {
            terminal.recordingFailed("--raw keeps a sensor's bytes: Sensor Logger sends none (its batches are JSON); going on without");
        } else if (raw != null) {
            try {
                capture = new RawCapture(raw, terminal::recordingFailed);
                source.rawBytes(capture::bytes);
            } catch (IOException e) {
                terminal.recordingFailed("cannot keep the raw bytes in " + raw + ": " + e.getMessage() + "; going on without");
            }
        }
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CsvFileRecorder recorder = csv == null ? null
                : new CsvFileRecorder(csv, () -> metadata(sampleSource, source != null ? source.path() : path, startedAt), terminal::recordingFailed);
        java.util.function.Consumer<LiveSession> prepare = s -> {
            s.addListener(terminal);
            if (recorder != null) s.addListener(recorder);
        };
        DashboardLauncher.Running running = null;
        SessionStore store = null;
        LiveSession session;
        try {
            if (serve) {
                running = DashboardLauncher.start(dashboard, prescription, SensorPorts.NONE,
                        catalog -> new DashboardLauncher.SourceStart(sampleSource, source == null ? "sensor-logger" : "sensor", path), prepare, view);
                session = running.session();
            } else {
                store = dashboard.openStore(view);
                DashboardLauncher.printSaving(store, view);
                view.flush();
                session = new LiveSession(PrescriptionStore.inMemory(Prescription.DEFAULTS.withThresholds(prescription.thresholds())
                        .withTargetDepthDeg(p(prescription.targetDepthDeg(), Prescription.DEFAULTS.targetDepthDeg())),
                        prescription.targetDepthDeg() != null),
                        prescription.remap(), prescription.settings(), null, store);
                prepare.accept(session);
                session.start(sampleSource, source == null ? "sensor-logger" : "sensor", path);
            }
        } catch (Exception e) {
            sampleSource.close();
            if (store != null) store.close();
            return fail(e.getMessage());
        }
        AtomicBoolean finished = new AtomicBoolean();
        RawCapture rawCapture = capture;
        DashboardLauncher.Running dash = running;
        SessionStore ownStore = store;
        LiveSession liveSession = session;
        Runnable finish = () -> {
            if (!finished.compareAndSet(false, true)) return;
            liveSession.stop();
            if (recorder != null) recorder.close();
            if (rawCapture != null) rawCapture.close();
            Report report = liveSession.report();
            view.flush();
            finisher.finish(liveSession, sampleSource, report, recorder == null ? null : recorder.failure());
            out.flush();
            err.flush();
            if (dash != null) dash.close();
            else {
                liveSession.close();
                if (ownStore != null) ownStore.close();
            }
        };
        Thread hook = new Thread(finish, "hiphike-" + command + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        org.hiphike.web.StopSignals.exitZeroOnStop();
        // With the dashboard the page may switch to other sources: the run ends at the duration or Ctrl-C only.
        boolean ended;
        if (serve) {
            ended = false;
            if (duration == null) new java.util.concurrent.CountDownLatch(1).await();
            else Thread.sleep(duration.toMillis());
        } else {
            ended = duration == null ? awaitForever(session) : session.awaitEnd(duration);
        }
        Exception failure = session.failure();
        finish.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already (Ctrl-C): the hook has done the work
        }
        if (ended && failure != null) {
            return fail(failure.getMessage());
        }
        return 0;
    }

    private static boolean awaitForever(LiveSession session) throws InterruptedException {
        while (!session.awaitEnd(Duration.ofHours(1))) {
            // keep waiting: a session runs until Ctrl-C
        }
        return true;
    }

    private int fail(String message) {
        err.println("hiphike " + command + ": " + message);
        err.flush();
        return 2;
    }

    /** The only USB or Bluetooth serial port, or an exception saying what there is. */
    private static String onlySensor() throws SerialOpenException {
        List<SerialPortInfo> ports = SerialPorts.list();
        List<SerialPortInfo> sensors = ports.stream().filter(LiveRunner::maybeSensor).toList();
        if (sensors.size() == 1) return sensors.get(0).path();
        if (sensors.isEmpty()) {
            throw new SerialOpenException(SerialOpenException.Reason.NO_SUCH_DEVICE, "",
                    "no sensor found: no USB or Bluetooth serial port is there"
                            + (ports.isEmpty() ? "" : " (other ports: " + ports.stream().map(SerialPortInfo::path)
                            .collect(Collectors.joining(", ")) + ")")
                            + ". Plug the sensor in, or for Bluetooth pair it and `sudo rfcomm bind 0 <address>`; or name"
                            + " the port with --device.");
        }
        throw new SerialOpenException(SerialOpenException.Reason.OTHER, "", "several possible sensors: "
                + sensors.stream().map(SerialPorts::oneLine).collect(Collectors.joining("; "))
                + ". Choose one with --device.");
    }

    static boolean maybeSensor(SerialPortInfo p) { return p.maybeSensor(); }

    /** The reading engine of a source that has one (serial, BLE, network), or null. */
    static SerialSource engineOf(SampleSource source) {
        if (source instanceof SerialSource s) return s;
        if (source instanceof BleSource b) return b.engine();
        if (source instanceof org.hiphike.source.NetworkSource n) return n.engine();
        return null;
    }

    /** The link's counters in one line. */
    static String linkSummary(SampleSource source) {
        SerialSource engine = engineOf(source);
        if (engine != null) return linkSummary(engine);
        if (source instanceof org.hiphike.source.SensorLoggerSource sl) {
            var c = sl.counts();
            return "sensor-logger, batches " + c.messages() + ", lost " + c.lostMessages() + ", late readings " + c.lateReadings()
                    + ", gaps " + c.gaps();
        }
        return source.description();
    }

    static String linkSummary(SerialSource source) {
        SerialSource.Stats s = source.stats();
        StringBuilder sb = new StringBuilder();
        sb.append(s.protocol() == null ? "detecting" : s.protocol().cliName());
        if (s.sampleRateHz() > 0) sb.append(String.format(Locale.ROOT, " %.0f Hz", s.sampleRateHz()));
        sb.append(", lost ").append(s.lostFrames()).append(", gaps ").append(s.gaps()).append(", bad ").append(s.badFrames());
        if (s.reconnects() > 0) sb.append(", reconnects ").append(s.reconnects());
        if (s.batteryPercent() != null) sb.append(", battery ").append(s.batteryPercent()).append('%');
        return sb.toString();
    }

    /** CSV v1 metadata for a live recording: what the source knows of the device, the start and the port. */
    static Map<String, String> metadata(SampleSource source, String path, Instant startedAt) {
        Map<String, String> device = source.metadata();
        Map<String, String> m = new LinkedHashMap<>();
        if (device.containsKey("sensor")) m.put("sensor", device.get("sensor"));
        if (device.containsKey("rate_hz")) m.put("rate_hz", device.get("rate_hz"));
        m.put("started_at", startedAt.toString());
        m.put("source", path);
        device.forEach(m::putIfAbsent);
        return m;
    }

    /** The end-of-session summary lines. */
    static String summary(LiveSession session, SampleSource source, Report report) {
        SerialSource engine = engineOf(source);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d samples, %.1f s; %s%n", engine != null ? engine.path() : source.description(),
                report.recording().samples(), report.recording().durationS(), linkSummary(source)));
        Report.Summary sum = report.summary();
        String faults = sum.faultCounts().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        sb.append(String.format(Locale.ROOT, "%d rep%s in %d set%s; mean peak drop %.1f°, mean hold %.2f s; faults: %s%n",
                sum.repCount(), sum.repCount() == 1 ? "" : "s", sum.setCount(), sum.setCount() == 1 ? "" : "s", sum.meanPeakDropDeg(), sum.meanHoldS(), faults.isEmpty() ? "none" : faults));
        if (engine != null && engine.stats().samples() == 0 && engine.stats().bytes() == 0) {
            sb.append("No data arrived: is the sensor on, and is this its port?\n");
        } else if (engine == null && report.recording().samples() == 0) {
            sb.append("No data arrived: is HTTP Push on in Sensor Logger, with the address the dashboard shows, and a recording started?\n");
        }
        return sb.toString();
    }

    static String json(Report report) { return ReportJson.toJson(report); }

    private static double p(Double given, double fallback) { return given != null ? given : fallback; }
}

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
import org.hiphike.live.LiveSession;
import org.hiphike.live.RawCapture;
import org.hiphike.live.TerminalView;
import org.hiphike.source.SerialOpenException;
import org.hiphike.source.SerialPortInfo;
import org.hiphike.source.SerialPorts;
import org.hiphike.source.SerialSource;

/**
 * What {@code live} and {@code record} share: find and open the sensor, run a {@link LiveSession} with the
 * terminal view, stop at the duration, when the source fails, or on Ctrl-C (a shutdown hook stops the
 * session cleanly, so the recording is closed and the report still printed).
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
        void finish(LiveSession session, SerialSource source, Report report);
    }

    /**
     * Runs a session to its end.
     *
     * @param view       where the live view goes (stdout, or stderr when stdout carries JSON)
     * @param csv        where to record CSV v1, or null
     * @param raw        where to keep the raw bytes, or null
     * @return the exit code
     */
    int run(PrintWriter view, Path csv, Path raw, Finisher finisher) throws InterruptedException {
        Duration duration;
        String path;
        SerialSource source;
        try {
            duration = live.duration();
            path = live.device != null ? live.device : onlySensor();
            source = SerialSource.open(live.config(path));
        } catch (SerialOpenException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        RawCapture capture = null;
        TerminalView terminal = new TerminalView(view, System.console() != null && view == out, () -> linkSummary(source));
        if (raw != null) {
            try {
                capture = new RawCapture(raw, terminal::recordingFailed);
                source.rawBytes(capture::bytes);
            } catch (IOException e) {
                terminal.recordingFailed("cannot keep the raw bytes in " + raw + ": " + e.getMessage() + "; going on without");
            }
        }
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LiveSession.RecordingTarget target = csv == null ? null
                : new LiveSession.RecordingTarget(csv, () -> metadata(source, startedAt));
        LiveSession session = new LiveSession(source, prescription.settings(), prescription.remap(), target, terminal);
        AtomicBoolean finished = new AtomicBoolean();
        RawCapture rawCapture = capture;
        Runnable finish = () -> {
            if (!finished.compareAndSet(false, true)) return;
            try {
                session.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (rawCapture != null) rawCapture.close();
            SerialSource.Stats st = source.stats();
            Report report = session.report(source.path(), st.sampleRateHz(),
                    st.timeSource() == null ? "device" : st.timeSource().metadataValue());
            view.flush();
            finisher.finish(session, source, report);
            out.flush();
            err.flush();
        };
        Thread hook = new Thread(finish, "hiphike-" + command + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        session.start();
        boolean ended = duration == null ? awaitForever(session) : session.awaitEnd(duration);
        finish.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already (Ctrl-C): the hook has done the work
        }
        if (ended && session.failure() != null) {
            return fail(session.failure().getMessage());
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

    /** CSV v1 metadata for a live recording. */
    static Map<String, String> metadata(SerialSource source, Instant startedAt) {
        SerialSource.Stats s = source.stats();
        Map<String, String> m = new LinkedHashMap<>();
        if (s.deviceInfo() != null) m.put("sensor", s.deviceInfo().sensorModel());
        else if (s.protocol() != null) m.put("sensor", s.protocol().cliName());
        if (s.sampleRateHz() > 0) m.put("rate_hz", String.format(Locale.ROOT, "%s", trim(s.sampleRateHz())));
        m.put("started_at", startedAt.toString());
        m.put("source", source.path());
        if (s.protocol() != null) m.put("protocol", s.protocol().cliName());
        if (s.timeSource() != null) m.put("time_source", s.timeSource().metadataValue());
        if (s.deviceInfo() != null) {
            m.put("device_id", s.deviceInfo().deviceId());
            m.put("firmware", s.deviceInfo().firmwareVersion());
        }
        return m;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The end-of-session summary lines. */
    static String summary(LiveSession session, SerialSource source, Report report) {
        SerialSource.Stats s = source.stats();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d samples, %.1f s; %s%n", source.path(), report.recording().samples(),
                report.recording().durationS(), linkSummary(source)));
        Report.Summary sum = report.summary();
        String faults = sum.faultCounts().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        sb.append(String.format(Locale.ROOT, "%d rep%s in %d set%s; mean peak drop %.1f°, mean hold %.2f s; faults: %s%n",
                sum.repCount(), sum.repCount() == 1 ? "" : "s", sum.setCount(), sum.setCount() == 1 ? "" : "s", sum.meanPeakDropDeg(), sum.meanHoldS(), faults.isEmpty() ? "none" : faults));
        if (s.samples() == 0 && s.bytes() == 0) sb.append("No data arrived: is the sensor on, and is this its port?\n");
        return sb.toString();
    }

    static String json(Report report) { return ReportJson.toJson(report); }
}

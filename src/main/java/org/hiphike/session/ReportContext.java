package org.hiphike.session;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Report;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.recording.RecordingFormatException;

/**
 * Everything a session report shows: the report JSON content plus what the store knows about the
 * session, and the angle trace for the charts.
 *
 * @param report        the report (spec section 5); its numbers are the ones every format shows
 * @param sessionId     the stored session's id, or null for a file analysed on the fly
 * @param startedAt     wall-clock start, or null when not known
 * @param sensor        sensor model, or "unknown"
 * @param axes          axis remap used ("+X+Y+Z" is the default mounting)
 * @param notes         notes ("" for none)
 * @param status        stored status, or null for a file
 * @param failure       what went wrong while recording, or null
 * @param recordingFile the samples file shown in the details, its name only
 * @param trace         the drop angle over time, or null when the samples cannot be read
 * @param zone          the zone in which dates are shown
 * @param targets       what the prescription asked for (sets, reps, hold, depth), or null when not known
 *
 * <p>A report is forwarded (to a therapist, a doctor): it names files by their name only, never by where they
 * are on this computer, so {@code report.recording().source} and {@code recordingFile} hold names, not paths.
 */
public record ReportContext(
        Report report,
        Long sessionId,
        Instant startedAt,
        String sensor,
        String axes,
        String notes,
        SessionStatus status,
        String failure,
        String recordingFile,
        AngleTrace trace,
        ZoneId zone,
        Targets targets) {

    public ReportContext {
        recordingFile = fileNamesOnly(recordingFile);
        Report.RecordingInfo in = report.recording();
        String source = fileNamesOnly(in.source());
        if (!java.util.Objects.equals(source, in.source())) {
            report = new Report(report.format(), report.version(), new Report.RecordingInfo(source, in.durationS(), in.samples(),
                    in.rateHz(), in.droppedSamples(), in.timeSource(), in.timeRepairs(), in.clockRestarts()),
                    report.thresholds(), report.summary(), report.sets(), report.reps());
        }
    }

    /**
     * The text with the file path in it cut to the file's name ("replay of /home/ann/my files/x.csv" to "replay of
     * x.csv"): the path runs from the first word with a '/' or '\\' to the end (names may hold spaces). A device name
     * ({@code /dev/ttyUSB0}) stays: it says which port and nothing about the person.
     */
    static String fileNamesOnly(String text) {
        if (text == null) return null;
        java.util.regex.Matcher m = PATH_START.matcher(text);
        if (!m.find()) return text;
        String path = text.substring(m.start(1)).replaceAll("[/\\\\\\s]+$", "");
        if (path.startsWith("/dev/") && path.indexOf('/', 5) < 0) return text;
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return text.substring(0, m.start(1)) + path.substring(cut + 1);
    }

    /**
     * A message with each path in it cut to its last name ("cannot write /home/ann/data/12.csv: disk full" to
     * "cannot write 12.csv: disk full"); word by word, as a message goes on after its paths.
     */
    static String pathsToNames(String message) {
        if (message == null) return null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![\\w])(?:[A-Za-z]:)?[~.\\w-]*[/\\\\][^\\s:;,()]*").matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group();
            String trimmed = path.replaceAll("[/\\\\]+$", "");
            int cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
            String name = path.startsWith("/dev/") && path.indexOf('/', 5) < 0 ? path : trimmed.substring(cut + 1);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(name));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static final java.util.regex.Pattern PATH_START = java.util.regex.Pattern.compile("(?:^|\\s)(\\S*[/\\\\])");

    /** A stored session, its trace recomputed from its recording file (null trace when the file is gone). */
    public static ReportContext ofSession(StoredSession s, ZoneId zone) { return ofSession(s, zone, true); }

    /** @param withTrace false when no chart is needed (CSV, JSON): the recording is then not read */
    public static ReportContext ofSession(StoredSession s, ZoneId zone, boolean withTrace) {
        if (s.report() == null) {
            throw new SessionStoreException("session " + s.id() + " is still being recorded; it has no report yet");
        }
        AngleTrace trace = withTrace ? traceOf(s) : null;
        return new ReportContext(s.report(), s.id(), s.summary().startedAt(), s.info().sensor(), s.info().axes(),
                s.summary().notes(), s.summary().status(), s.failure(), s.recordingFile().toString(), trace, zone,
                s.info().targets());
    }

    /** The trace from the session's recording file, or null when it cannot be read. */
    private static AngleTrace traceOf(StoredSession s) {
        try {
            String text = Files.readString(s.recordingFile(), StandardCharsets.UTF_8);
            Recording recording = new CsvRecordingReader(new CsvRecordingReader.Options(true, false))
                    .read(new StringReader(text), s.recordingFile().toString());
            return AngleTrace.of(recording, s.info().pipelineSettings(), AxisRemap.parse(s.info().axes()));
        } catch (IOException | RecordingFormatException | RuntimeException e) {
            return null; // the report's numbers stand without the chart; the HTML says the trace is missing
        }
    }

    /** A recording analysed now (not stored). */
    public static ReportContext ofRecording(Recording recording, Report report, PipelineSettings settings, String axes,
                                            ZoneId zone) {
        return ofRecording(recording, report, settings, axes, zone, true);
    }

    /** @param withTrace false when no chart is needed (CSV, JSON): the pipeline is then not run again */
    public static ReportContext ofRecording(Recording recording, Report report, PipelineSettings settings, String axes,
                                            ZoneId zone, boolean withTrace) {
        return ofRecording(recording, report, settings, axes, zone, withTrace, null);
    }

    /** @param targets what the prescription asked for, or null when not known */
    public static ReportContext ofRecording(Recording recording, Report report, PipelineSettings settings, String axes,
                                            ZoneId zone, boolean withTrace, Targets targets) {
        Instant started = null;
        String at = recording.metadata().get("started_at");
        if (at != null) {
            try {
                started = Instant.parse(at.trim());
            } catch (RuntimeException ignored) {
                // shown as unknown
            }
        }
        AngleTrace trace = withTrace ? AngleTrace.of(recording, settings, AxisRemap.parse(axes)) : null;
        return new ReportContext(report, null, started, recording.metadata().getOrDefault("sensor", "unknown"), axes,
                recording.metadata().getOrDefault("note", ""), null, null, recording.source(), trace, zone, targets);
    }
}

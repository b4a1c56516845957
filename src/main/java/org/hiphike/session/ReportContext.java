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
 * @param recordingFile the samples file shown in the details
 * @param trace         the drop angle over time, or null when the samples cannot be read
 * @param zone          the zone in which dates are shown
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
        ZoneId zone) {

    /** A stored session, its trace recomputed from its recording file (null trace when the file is gone). */
    public static ReportContext ofSession(StoredSession s, ZoneId zone) { return ofSession(s, zone, true); }

    /** @param withTrace false when no chart is needed (CSV, JSON): the recording is then not read */
    public static ReportContext ofSession(StoredSession s, ZoneId zone, boolean withTrace) {
        if (s.report() == null) {
            throw new SessionStoreException("session " + s.id() + " is still being recorded; it has no report yet");
        }
        AngleTrace trace = withTrace ? traceOf(s) : null;
        return new ReportContext(s.report(), s.id(), s.summary().startedAt(), s.info().sensor(), s.info().axes(),
                s.summary().notes(), s.summary().status(), s.failure(), s.recordingFile().toString(), trace, zone);
    }

    /** The trace from the session's recording file, or null when it cannot be read. */
    private static AngleTrace traceOf(StoredSession s) {
        try {
            String text = Files.readString(s.recordingFile(), StandardCharsets.UTF_8);
            Recording recording = new CsvRecordingReader(new CsvRecordingReader.Options(true, false))
                    .read(new StringReader(text), s.recordingFile().toString());
            return AngleTrace.of(recording, PipelineSettings.DEFAULTS.withThresholds(s.info().thresholds()),
                    AxisRemap.parse(s.info().axes()));
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
                recording.metadata().getOrDefault("note", ""), null, null, recording.source(), trace, zone);
    }
}

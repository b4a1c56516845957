package org.hiphike.session;

import java.nio.file.Path;
import org.hiphike.exercise.Report;

/**
 * A session as stored: its history line, how it was recorded, its report and its recording file.
 *
 * @param summary       the history line
 * @param info          what was known at the start (thresholds, sensor, mounting, notes as now)
 * @param report        the report JSON v1 content; null while still recording
 * @param recordingFile the samples in CSV v1 (absolute path)
 * @param endedAt       wall-clock end, or null while recording
 * @param failure       what went wrong while recording (disk full...), or null
 */
public record StoredSession(
        SessionSummary summary,
        SessionInfo info,
        Report report,
        Path recordingFile,
        java.time.Instant endedAt,
        String failure) {

    public long id() { return summary.id(); }
}

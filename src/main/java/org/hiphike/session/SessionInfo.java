package org.hiphike.session;

import java.time.Instant;
import java.util.Objects;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Thresholds;

/**
 * What is known about a session when it starts.
 *
 * @param startedAt  wall-clock start (UTC instant)
 * @param source     where the samples come from ("/dev/ttyUSB0", "replay of samples/x.csv", a file name)
 * @param sensor     sensor model ("bmi270"), or "unknown"
 * @param rateHz     nominal sample rate in hertz, 0 when not known
 * @param axes       axis remap used, x-io style ("+X+Y+Z" is the default mounting)
 * @param thresholds the prescription's thresholds the session is measured with
 * @param notes      free text for the physical therapist (may be empty)
 * @param targets    what the prescription asked of the session (sets, reps, hold, depth), or null when not known
 * @param settings   the pipeline's settings the session was measured with (hip width, every stage's settings; its
 *                   thresholds are {@code thresholds}), or null when not known (a session stored before they were):
 *                   {@link #pipelineSettings()} then gives the defaults
 */
public record SessionInfo(
        Instant startedAt,
        String source,
        String sensor,
        double rateHz,
        String axes,
        Thresholds thresholds,
        String notes,
        Targets targets,
        PipelineSettings settings) {

    public SessionInfo {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(thresholds, "thresholds");
        source = source == null ? "" : source;
        sensor = sensor == null || sensor.isBlank() ? "unknown" : sensor;
        axes = axes == null || axes.isBlank() ? "+X+Y+Z" : axes;
        notes = notes == null ? "" : notes;
        if (!(rateHz >= 0) || !Double.isFinite(rateHz)) throw new IllegalArgumentException("rateHz must be >= 0: " + rateHz);
    }

    /** A session measured with the default settings but for {@code thresholds}, or whose settings are not known. */
    public SessionInfo(Instant startedAt, String source, String sensor, double rateHz, String axes, Thresholds thresholds,
            String notes, Targets targets) {
        this(startedAt, source, sensor, rateHz, axes, thresholds, notes, targets, null);
    }

    /** A session whose prescription's targets are not known. */
    public SessionInfo(Instant startedAt, String source, String sensor, double rateHz, String axes, Thresholds thresholds,
            String notes) {
        this(startedAt, source, sensor, rateHz, axes, thresholds, notes, null);
    }

    /**
     * The settings to measure this session with again (recovering it, drawing its trace): those it was recorded with,
     * with its thresholds; the defaults with its thresholds when they are not known.
     */
    public PipelineSettings pipelineSettings() {
        return (settings == null ? PipelineSettings.DEFAULTS : settings).withThresholds(thresholds);
    }

    /** This session measured with {@code s} (its thresholds become this session's). */
    public SessionInfo withSettings(PipelineSettings s) {
        return new SessionInfo(startedAt, source, sensor, rateHz, axes, s.thresholds(), notes, targets, s);
    }

    /** A session starting now with the default thresholds and mounting. */
    public static SessionInfo now(String source, String sensor, double rateHz) {
        return new SessionInfo(Instant.now(), source, sensor, rateHz, "+X+Y+Z", Thresholds.DEFAULTS, "");
    }
}

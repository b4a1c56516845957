package org.hiphike.exercise;

import java.io.IOException;
import java.util.Map;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.recording.Recording;
import org.hiphike.recording.RecordingFormatException;
import org.hiphike.recording.RecordingStream;
import org.hiphike.recording.RecordingSummary;

/** Runs a whole recording through the pipeline and builds the report (spec section 5). */
public final class Analysis {
    private Analysis() {}

    public static Report analyze(Recording recording, PipelineSettings settings, AxisRemap remap) {
        return analyze(recording, settings, remap, null);
    }

    /** The same, telling {@code listener} what the pipeline decided along the way (may be null). */
    public static Report analyze(Recording recording, PipelineSettings settings, AxisRemap remap, PipelineListener listener) {
        RecordingSummary summary = recording.summary();
        ExerciseSession session = new ExerciseSession(settings, remap, summary.metadata(), listener);
        for (ImuSample s : recording.samples()) session.update(s);
        session.finish();
        return report(summary, session);
    }

    /**
     * A recording fed to the pipeline as it is read (a file of any length in bounded memory): the same report as
     * {@link #analyze(Recording, PipelineSettings, AxisRemap, PipelineListener)} of the same samples. When the
     * recording turns out bad part way, this throws and what the listener was told is to be thrown away.
     */
    public static Report analyze(RecordingStream recording, PipelineSettings settings, AxisRemap remap,
            PipelineListener listener) throws IOException, RecordingFormatException {
        ExerciseSession session = new ExerciseSession(settings, remap, Map.of(), listener);
        RecordingSummary summary = recording.feed(session::update);
        session.finish();
        return report(summary, session);
    }

    /**
     * The report of a session fed a whole recording: the reps are the session's; what the recording was comes from its
     * reader, which saw its header (the declared rate) and its clock's restarts (both count the same way, with
     * {@link org.hiphike.recording.RecordingStats}).
     */
    private static Report report(RecordingSummary recording, ExerciseSession session) {
        String timeSource = recording.metadata().getOrDefault("time_source", "device");
        Report.RecordingInfo info = new Report.RecordingInfo(recording.source(), Report.round(recording.durationS(), 3),
                recording.samples(), Report.round(recording.nominalRateHz(), 3), recording.droppedSamples(),
                timeSource, recording.timeRepairs() > 0 ? recording.timeRepairs() : null,
                recording.clockRestarts() > 0 ? recording.clockRestarts() : null);
        return session.report(info);
    }

    public static Report analyze(Recording recording) {
        return analyze(recording, PipelineSettings.DEFAULTS, AxisRemap.IDENTITY);
    }
}

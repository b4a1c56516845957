package org.hiphike.exercise;

import java.io.IOException;
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
        PelvicDropPipeline pipeline = new PelvicDropPipeline(settings, listener);
        for (ImuSample s : recording.samples()) pipeline.update(remap.apply(s));
        pipeline.finish();
        return report(recording.summary(), settings, pipeline);
    }

    /**
     * A recording fed to the pipeline as it is read (a file of any length in bounded memory): the same report as
     * {@link #analyze(Recording, PipelineSettings, AxisRemap, PipelineListener)} of the same samples. When the
     * recording turns out bad part way, this throws and what the listener was told is to be thrown away.
     */
    public static Report analyze(RecordingStream recording, PipelineSettings settings, AxisRemap remap,
            PipelineListener listener) throws IOException, RecordingFormatException {
        PelvicDropPipeline pipeline = new PelvicDropPipeline(settings, listener);
        RecordingSummary summary = recording.feed(s -> pipeline.update(remap.apply(s)));
        pipeline.finish();
        return report(summary, settings, pipeline);
    }

    private static Report report(RecordingSummary recording, PipelineSettings settings, PelvicDropPipeline pipeline) {
        String timeSource = recording.metadata().getOrDefault("time_source", "device");
        Report.RecordingInfo info = new Report.RecordingInfo(recording.source(), Report.round(recording.durationS(), 3),
                recording.samples(), Report.round(recording.nominalRateHz(), 3), recording.droppedSamples(),
                timeSource, recording.timeRepairs() > 0 ? recording.timeRepairs() : null,
                recording.clockRestarts() > 0 ? recording.clockRestarts() : null);
        return Report.of(info, settings.thresholds(), pipeline.reps());
    }

    public static Report analyze(Recording recording) {
        return analyze(recording, PipelineSettings.DEFAULTS, AxisRemap.IDENTITY);
    }
}

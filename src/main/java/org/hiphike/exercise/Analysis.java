package org.hiphike.exercise;

import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.recording.Recording;

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
        String timeSource = recording.metadata().getOrDefault("time_source", "device");
        Report.RecordingInfo info = new Report.RecordingInfo(recording.source(), Report.round(recording.durationS(), 3),
                recording.samples().size(), Report.round(recording.nominalRateHz(), 3), recording.droppedSamples(),
                timeSource, recording.timeRepairs() > 0 ? recording.timeRepairs() : null,
                recording.clockRestarts() > 0 ? recording.clockRestarts() : null);
        return Report.of(info, settings.thresholds(), pipeline.reps());
    }

    public static Report analyze(Recording recording) {
        return analyze(recording, PipelineSettings.DEFAULTS, AxisRemap.IDENTITY);
    }
}

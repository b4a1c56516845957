package org.hiphike.session;

import org.hiphike.core.ImuSample;
import org.hiphike.exercise.PipelineListener;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.source.SampleListener;
import org.hiphike.source.SourceStatus;

/**
 * Attaches a {@link SessionRecording} to a live feed: it is the {@link SampleListener} a source
 * delivers to (raw samples go to the recording) and the {@link PipelineListener} of the pipeline
 * (counted reps go to the recording). Typical wiring:
 *
 * <pre>{@code
 * SessionRecorder recorder = SessionRecorder.start(store, info);
 * PelvicDropPipeline pipeline = new PelvicDropPipeline(settings, recorder);
 * source.run(recorder.then(s -> pipeline.update(remap.apply(s))));
 * pipeline.finish();
 * recorder.finish();
 * }</pre>
 */
public final class SessionRecorder implements SampleListener, PipelineListener, AutoCloseable {
    private final SessionRecording recording;
    private final PipelineListener next;

    /** @param next another pipeline listener to pass events on to (the live view), or null */
    public SessionRecorder(SessionRecording recording, PipelineListener next) {
        this.recording = recording;
        this.next = next == null ? new PipelineListener() {} : next;
    }

    public static SessionRecorder start(SessionStore store, SessionInfo info) {
        return new SessionRecorder(store.start(info), null);
    }

    public SessionRecording recording() { return recording; }

    @Override
    public void sample(ImuSample sample) { recording.sample(sample); }

    /** A source that lost its device may be gone for a while: what was received goes to disk now. */
    @Override
    public void status(SourceStatus status) {
        if (status.state() != SourceStatus.State.STREAMING) recording.flush();
    }

    /** A listener that records each sample and then passes it on. */
    public SampleListener then(SampleListener downstream) {
        return new SampleListener() {
            @Override
            public void sample(ImuSample sample) {
                recording.sample(sample);
                downstream.sample(sample);
            }

            @Override
            public void status(SourceStatus status) {
                SessionRecorder.this.status(status);
                downstream.status(status);
            }
        };
    }

    @Override
    public void repCounted(Rep rep) {
        recording.rep(rep);
        next.repCounted(rep);
    }

    @Override
    public void levelTaken(double timeS) { next.levelTaken(timeS); }

    @Override
    public void notExercise(double timeS, String reason) { next.notExercise(timeS, reason); }

    /** Stores the session with a report built from the reps counted. */
    public StoredSession finish() { return recording.finish(); }

    /** Stores the session with the pipeline's report. */
    public StoredSession finish(Report report) { return recording.finish(report); }

    @Override
    public void close() { recording.close(); }
}

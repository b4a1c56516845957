package org.hiphike.live;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.PelvicDropPipeline;
import org.hiphike.exercise.PipelineListener;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.PipelineState;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.recording.LiveCsvRecorder;
import org.hiphike.source.SampleListener;
import org.hiphike.source.SampleSource;
import org.hiphike.source.SourceStatus;

/**
 * A live exercise session: one {@link SampleSource} feeding the same {@link PelvicDropPipeline} that
 * {@code analyze} runs, and optionally a CSV v1 recording written as it goes.
 *
 * <p>Threading: {@link #start()} runs the source on one reader thread, which decodes, updates the pipeline,
 * writes the recording and calls the {@link Listener}, in that order, sample by sample; nothing else touches
 * the pipeline until {@link #stop()} has joined that thread. {@link #state()} and {@link #reps()} are safe
 * from any thread. When the source loses its device the pipeline simply waits: the set and the reps counted
 * so far stay, and the next sample continues the same time axis.
 */
public final class LiveSession {

    /** What a live view wants to know; called on the reader thread (except {@link #ended}). */
    public interface Listener {
        /** After every sample, with the pipeline's state. */
        default void sample(ImuSample sample, PipelineState state) {}

        /** A rep was counted. */
        default void rep(Rep rep) {}

        /** The source's state changed (connecting, streaming, lost, silent, ended). */
        default void status(SourceStatus status) {}

        /** Motion that is not the exercise began. */
        default void notExercise(double timeS, String reason) {}

        /** A level posture was taken: the set can start. */
        default void levelTaken(double timeS) {}

        /** The recording stopped (full disk, unwritable path); the session goes on. */
        default void recordingFailed(String message) {}

        /** The source stopped by itself with this failure (nothing recognisable, device refused); null when stopped. */
        default void ended(Exception failure) {}
    }

    /**
     * Where to record CSV v1, and the metadata to head it with (asked at the first sample, when the
     * protocol and the device are known).
     */
    public record RecordingTarget(Path csv, Supplier<Map<String, String>> metadata) {}

    private final SampleSource source;
    private final PipelineSettings settings;
    private final AxisRemap remap;
    private final RecordingTarget recordingTarget;
    private final Listener listener;
    private final PelvicDropPipeline pipeline;
    private final List<Rep> reps = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Object stopLock = new Object();
    private volatile PipelineState state;
    private volatile Exception failure;
    private volatile String recordingFailure;
    private Thread reader;
    private boolean stopped;

    // Reader thread only (read by stop() after the join).
    private LiveCsvRecorder recorder;
    private boolean recorderTried;
    private double[] times = new double[1 << 12];
    private int samples;

    public LiveSession(SampleSource source, PipelineSettings settings, AxisRemap remap, RecordingTarget recording, Listener listener) {
        this.source = source;
        this.settings = settings;
        this.remap = remap;
        this.recordingTarget = recording;
        this.listener = listener == null ? new Listener() {} : listener;
        this.pipeline = new PelvicDropPipeline(settings, new PipelineListener() {
            @Override
            public void repCounted(Rep rep) {
                reps.add(rep);
                LiveSession.this.listener.rep(rep);
            }

            @Override
            public void levelTaken(double timeS) { LiveSession.this.listener.levelTaken(timeS); }

            @Override
            public void notExercise(double timeS, String reason) { LiveSession.this.listener.notExercise(timeS, reason); }
        });
        this.state = pipeline.state();
    }

    /** Starts reading on the reader thread. */
    public LiveSession start() {
        reader = new Thread(this::read, "hiphike-live-reader");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    private void read() {
        try {
            source.run(new SampleListener() {
                @Override
                public void sample(ImuSample s) { onSample(s); }

                @Override
                public void status(SourceStatus status) {
                    if (status.state() == SourceStatus.State.LOST && recorder != null) recorder.flush();
                    listener.status(status);
                }
            });
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            ended.countDown();
            listener.ended(failure);
        }
    }

    private void onSample(ImuSample raw) {
        ImuSample s = remap.apply(raw);
        pipeline.update(s);
        if (samples == times.length) times = Arrays.copyOf(times, times.length * 2);
        times[samples++] = s.timeS();
        PipelineState st = pipeline.state();
        state = st;
        if (recordingTarget != null) record(raw);
        listener.sample(s, st);
    }

    private void record(ImuSample raw) {
        if (!recorderTried) {
            recorderTried = true;
            try {
                recorder = new LiveCsvRecorder(recordingTarget.csv(), recordingTarget.metadata().get(), raw.hasMagnetometer(),
                        System::nanoTime);
            } catch (IOException | RuntimeException e) {
                recordingFailed("cannot record to " + recordingTarget.csv() + ": " + describe(e) + "; the session goes on without recording");
                return;
            }
        }
        if (recorder == null) return;
        // The recording keeps the samples as the sensor sent them (before any axis remap), like a capture.
        if (!recorder.write(raw)) {
            recordingFailed(recorder.failure());
            recorder = null;
        }
    }

    private void recordingFailed(String message) {
        recordingFailure = message;
        listener.recordingFailed(message);
    }

    /** Waits until the source ends by itself, at most {@code timeout}; true when it has ended. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the source, waits for the reader thread, finishes the pipeline (a rep waiting for its still
     * margin is counted) and closes the recording. Safe to call more than once and from a shutdown hook.
     */
    public void stop() throws InterruptedException {
        synchronized (stopLock) {
            if (stopped) return;
            stopped = true;
            source.close();
            if (reader != null) {
                reader.join(5000);
                if (reader.isAlive()) reader.interrupt();
                reader.join(1000);
            }
            pipeline.finish();
            state = pipeline.state();
            if (recorder != null) {
                recorder.close();
                if (recorder.failure() != null) recordingFailed(recorder.failure());
            }
        }
    }

    /** The pipeline's state after the latest sample; any thread. */
    public PipelineState state() { return state; }

    /** Reps counted so far; any thread. */
    public List<Rep> reps() { return List.copyOf(reps); }

    /** Why the source stopped by itself, or null. */
    public Exception failure() { return failure; }

    /** Why the recording stopped, or null. */
    public String recordingFailure() { return recordingFailure; }

    /** The recorder's file, or null when not recording. */
    public Path recordingPath() { return recordingTarget == null ? null : recordingTarget.csv(); }

    /**
     * The report JSON v1 of what has been counted; call after {@link #stop()} for the final one.
     *
     * @param sourceName what the report names as the recording's source
     * @param rateHz     the device's nominal rate, or 0 to use the measured one
     * @param timeSource "device" or "rebuilt"
     */
    public Report report(String sourceName, double rateHz, String timeSource) {
        synchronized (stopLock) {
            int n = stopped ? samples : 0;
            double[] t = stopped ? times : new double[0];
            double rate = rateHz > 0 ? rateHz : measuredRateHz(t, n);
            int dropped = 0;
            if (rate > 0) {
                double nominal = 1 / rate;
                for (int i = 1; i < n; i++) {
                    double dt = t[i] - t[i - 1];
                    if (dt > 1.5 * nominal) dropped += (int) (Math.round(dt / nominal) - 1);
                }
            }
            double duration = n < 2 ? 0 : t[n - 1] - t[0];
            Report.RecordingInfo info = new Report.RecordingInfo(sourceName, round(duration, 3), n, round(rate, 3), dropped,
                    timeSource);
            return Report.of(info, settings.thresholds(), List.copyOf(reps));
        }
    }

    /** Samples delivered so far (exact after {@link #stop()}). */
    public int samples() { return samples; }

    private static double measuredRateHz(double[] t, int n) {
        if (n < 2) return 0;
        int count = Math.min(n - 1, 2001);
        double[] dts = new double[count];
        for (int i = 0; i < count; i++) dts[i] = t[i + 1] - t[i];
        Arrays.sort(dts);
        double median = dts[count / 2];
        return median > 0 ? 1 / median : 0;
    }

    private static double round(double v, int decimals) {
        double k = Math.pow(10, decimals);
        return Math.round(v * k) / k;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

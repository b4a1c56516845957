package org.hiphike.exercise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.recording.RecordingStats;

/**
 * One exercise session: the {@link PelvicDropPipeline}, the reps numbered over the session and grouped into sets, and
 * the statistics of the samples received. One {@link #update} per sample from any source (a file analysed, a replay,
 * a live sensor, a crashed session recovered); what happens is told to {@link Listener}s as {@link SessionEvent}s, in
 * order, before {@code update} returns. No threads, I/O, JSON or wall clock: a caller that feeds it from several
 * threads holds one lock around it.
 *
 * <p>Sets follow spec section 4 ({@link SetGrouping}): a new set at the first rep, when the side changes, after more
 * than {@link SetGrouping#MAX_GAP_S} without a rep (told when that time has passed), when the prescribed reps per set
 * are reached, or when asked ({@link #newSet()}). {@link #relevel} starts the pipeline afresh; the reps and sets so far
 * stay.
 *
 * <p>The pipeline's own events are listened to, not polled: the reps it counts during one sample are taken after
 * that sample's level and not-exercise events, so a listener always sees a sample's events in this order: level
 * taken or not the exercise, then set ended / set started / rep counted, then the state.
 */
public final class ExerciseSession {
    /** Whoever wants to know: called synchronously, on the caller's thread, so it must be quick. */
    @FunctionalInterface
    public interface Listener {
        void on(SessionEvent event);
    }

    private final PipelineSettings settings;
    private final AxisRemap remap;
    private final PipelineListener observer;
    private final List<Listener> listeners = new ArrayList<>();
    private final RecordingStats stats;

    private PelvicDropPipeline pipeline;
    private Thresholds thresholds;
    private int repsPerSet;
    /** Reps the pipeline counted during the current sample, to be numbered once its other events were told. */
    private final List<Rep> counted = new ArrayList<>();
    private final List<Rep> reps = new ArrayList<>();
    private int setIndex, setRepCount;
    private boolean setOpen, forceNewSet;
    private PipelineState lastState;

    /**
     * @param settings the pipeline's settings (thresholds included) the session is measured with
     * @param remap    from the sensor's axes to the pelvis's, applied to every sample before the pipeline
     * @param metadata the recording's metadata (its {@code rate_hz} is the nominal rate when the stamps agree)
     * @param observer also told everything the pipeline says, as it says it (its own numbering; {@code analyze
     *                 --explain} prints its decisions); may be null
     */
    public ExerciseSession(PipelineSettings settings, AxisRemap remap, Map<String, String> metadata, PipelineListener observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.remap = Objects.requireNonNull(remap, "remap");
        this.observer = observer == null ? new PipelineListener() {} : observer;
        this.stats = new RecordingStats(metadata == null ? Map.of() : metadata);
        this.thresholds = settings.thresholds();
        this.pipeline = newPipeline();
    }

    public ExerciseSession(PipelineSettings settings, AxisRemap remap) { this(settings, remap, Map.of(), null); }

    public void addListener(Listener listener) { listeners.add(Objects.requireNonNull(listener)); }

    public void removeListener(Listener listener) { listeners.remove(listener); }

    /**
     * A set ends when it has this many reps ({@link SetEndReason#TARGET_REACHED}); 0 for no such end. Applies from the
     * next rep on.
     */
    public void repsPerSet(int reps) {
        if (reps < 0) throw new IllegalArgumentException("reps per set must be >= 0: " + reps);
        this.repsPerSet = reps;
    }

    // ---- feeding ----

    /** One sample as the source delivered it, in the sensor's axes. */
    public void update(ImuSample raw) {
        ImuSample sample = remap.apply(raw);
        stats.add(sample.timeS());
        pipeline.update(sample);
        takeCounted();
        PipelineState state = pipeline.state();
        lastState = state;
        emit(new SessionEvent.State(raw, state));
        if (setOpen && !reps.isEmpty() && state.timeS() - reps.get(reps.size() - 1).endS() > SetGrouping.MAX_GAP_S) {
            endSet(SetEndReason.PAUSE);
        }
    }

    /** The samples ended: a rep waiting for its confirmation is counted with what there is, and the open set ends. */
    public void finish() {
        pipeline.finish();
        takeCounted();
        endSet(SetEndReason.SOURCE_ENDED);
    }

    // ---- control ----

    /** Ends the current set now; the next rep starts a new one. */
    public void newSet() {
        endSet(SetEndReason.NEW_SET);
        forceNewSet = true;
        setRepCount = 0;
    }

    /**
     * Takes a new level posture: the pipeline starts afresh (the next still moment on the step is level), measuring
     * with {@code newThresholds} from here; a rep waiting for its confirmation is counted first. The reps and the
     * open set stay.
     */
    public void relevel(Thresholds newThresholds) {
        pipeline.finish();
        takeCounted();
        thresholds = Objects.requireNonNull(newThresholds, "thresholds");
        pipeline = newPipeline();
    }

    // ---- reading ----

    /** The reps so far, numbered over the session, in time order. */
    public List<Rep> reps() { return Collections.unmodifiableList(reps); }

    /** The sets of the reps so far. */
    public List<ExerciseSet> sets() { return SetGrouping.setsOf(reps); }

    /** The pipeline's state after the latest sample, or null before the first. */
    public PipelineState state() { return lastState; }

    /** The current set (from 1), 0 before the first rep. */
    public int setIndex() { return setIndex; }

    /** Reps in the current set (0 once it ended by a new set). */
    public int setRepCount() { return setRepCount; }

    /** The thresholds the pipeline measures with now (the settings' unless re-levelled with others). */
    public Thresholds thresholds() { return thresholds; }

    /** The settings the pipeline measures with now. */
    public PipelineSettings settings() { return settings.withThresholds(thresholds); }

    /** Samples received (whether or not the pipeline could take them). */
    public long sampleCount() { return stats.count(); }

    /** Samples the pipeline skipped (out of order, not finite, beyond what a pelvis does) since the last re-level. */
    public long skippedSamples() { return pipeline.skippedSamples(); }

    /**
     * What the report says of the samples received (spec section 5).
     *
     * @param source        where they came from
     * @param timeSource    "device" or "rebuilt" (the stamps were made by the receiver)
     * @param timeRepairs   stamps the reader repaired (0 when none)
     * @param clockRestarts restarts of the device's clock the reader saw (their gaps are not dropped samples)
     */
    public Report.RecordingInfo recordingInfo(String source, String timeSource, int timeRepairs, int clockRestarts) {
        long n = stats.count();
        return new Report.RecordingInfo(source, Report.round(stats.durationS(), 3), (int) Math.min(Integer.MAX_VALUE, n),
                Report.round(stats.nominalRateHz(), 3), stats.droppedSamples(clockRestarts), timeSource,
                timeRepairs > 0 ? timeRepairs : null, clockRestarts > 0 ? clockRestarts : null);
    }

    /** The report of the session so far, measured with the current thresholds (a rep still waiting is not in it). */
    public Report report(Report.RecordingInfo recording) { return Report.of(recording, thresholds, List.copyOf(reps)); }

    // ---- inside ----

    private PelvicDropPipeline newPipeline() {
        return new PelvicDropPipeline(settings.withThresholds(thresholds), new PipelineListener() {
            @Override
            public void repCounted(Rep rep) {
                counted.add(rep);
                observer.repCounted(rep);
            }

            @Override
            public void levelTaken(double timeS) {
                emit(new SessionEvent.LevelTaken(timeS));
                observer.levelTaken(timeS);
            }

            @Override
            public void notExercise(double timeS, String reason) {
                emit(new SessionEvent.NotExercise(timeS, NotExerciseReason.of(reason), reason));
                observer.notExercise(timeS, reason);
            }

            @Override
            public void decision(double timeS, String what) { observer.decision(timeS, what); }
        });
    }

    /** Numbers the reps the pipeline counted, opening and ending sets as they go. */
    private void takeCounted() {
        for (int i = 0; i < counted.size(); i++) {
            Rep r = counted.get(i);
            Rep previous = reps.isEmpty() ? null : reps.get(reps.size() - 1);
            if (forceNewSet || SetGrouping.startsNewSet(previous, r.side(), r.startS())) {
                endSet(previous != null && previous.side() != r.side() ? SetEndReason.SIDE_CHANGED : SetEndReason.PAUSE);
                setIndex++;
                setRepCount = 0;
                forceNewSet = false;
                setOpen = true;
                emit(new SessionEvent.SetStarted(setIndex, r.side()));
            }
            Rep numbered = r.withIndex(reps.size() + 1, setIndex);
            reps.add(numbered);
            setRepCount++;
            emit(new SessionEvent.RepCounted(numbered, setRepCount));
            if (setRepCount == repsPerSet) endSet(SetEndReason.TARGET_REACHED);
        }
        counted.clear();
    }

    private void endSet(SetEndReason reason) {
        if (!setOpen) return;
        setOpen = false;
        int from = reps.size();
        while (from > 0 && reps.get(from - 1).set() == setIndex) from--;
        List<Rep> inSet = reps.subList(from, reps.size());
        if (inSet.isEmpty()) return;
        Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
        for (Fault f : Fault.values()) faults.put(f, 0);
        double peak = 0, hold = 0;
        for (Rep r : inSet) {
            peak += r.peakDropDeg();
            hold += r.holdS();
            for (Fault f : r.faults()) faults.merge(f, 1, Integer::sum);
        }
        Rep first = inSet.get(0), last = inSet.get(inSet.size() - 1);
        ExerciseSet set = new ExerciseSet(setIndex, first.side(), first.startS(), last.endS(), inSet.size());
        emit(new SessionEvent.SetEnded(set, reason, peak / inSet.size(), hold / inSet.size(), Collections.unmodifiableMap(faults)));
    }

    private void emit(SessionEvent event) {
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).on(event);
    }
}

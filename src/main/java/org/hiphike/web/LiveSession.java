package org.hiphike.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.ExerciseSession;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.PipelineState;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.SessionEvent;
import org.hiphike.exercise.SetEndReason;
import org.hiphike.exercise.Side;
import org.hiphike.exercise.Thresholds;
import org.hiphike.session.SessionInfo;
import org.hiphike.session.SessionRecording;
import org.hiphike.session.SessionStore;
import org.hiphike.session.SessionStoreException;
import org.hiphike.session.StoredSession;
import org.hiphike.source.PacedSource;
import org.hiphike.source.SampleListener;
import org.hiphike.source.SampleSource;
import org.hiphike.source.SourceStatus;

/**
 * One live session, the only one there is: a source (a sensor, a replayed recording, the simulated
 * sensor) delivering samples on its own thread into the same {@link PelvicDropPipeline} that
 * {@code analyze} uses; the reps and sets so far; cues; saving to the {@link SessionStore}; and
 * whoever watches: the dashboard's WebSocket clients (JSON) and {@link Listener}s (the terminal view,
 * a CSV recorder, tests). Samples are sent to clients as they come when they come at up to 200 Hz, and
 * batched beyond that (a replay at max speed); a ticker flushes what is left every 20 ms.
 *
 * <p>Each source started is one saved session: created at its first sample (when the device is known),
 * its raw samples written to the store's CSV as they come (on disk within a second), its reps as they
 * are counted, and completed with the report when the source ends, is stopped or is replaced. When the
 * device is lost the session waits: the set and its reps stay, and the next sample continues them.
 *
 * <p>Everything that touches the pipeline runs under this object's lock; sending is asynchronous.
 * Listeners are called under the lock, on the source's thread: they must be quick.
 */
public final class LiveSession implements AutoCloseable {
    /** What a live view or a recorder wants to know; called on the source's thread, under the session's lock. */
    public interface Listener {
        /** After every sample: the sample as the source delivered it (before any axis remap) and the pipeline's state. */
        default void sample(ImuSample raw, PipelineState state) {}

        /** A rep was counted (numbered over the session, with its set). */
        default void rep(Rep rep) {}

        /** The source's state changed (connecting, streaming, lost, silent, ended). */
        default void status(SourceStatus status) {}

        /** Motion that is not the exercise began. */
        default void notExercise(double timeS, String reason) {}

        /** A level posture was taken: the set can start. */
        default void levelTaken(double timeS) {}

        /** Saving stopped (full disk, unwritable folder); the session goes on. */
        default void recordingFailed(String message) {}

        /** The session was saved: {@code recording} at its first sample, {@code complete} at its end. */
        default void saved(long id, String status) {}
    }

    /** A watcher of the session (a WebSocket in the server, a list in tests). */
    public interface Client {
        boolean isOpen();

        void send(String json);
    }

    private static final long MIN_FLUSH_NANOS = 5_000_000L;
    private static final int TRACE_CAPACITY = 4096;
    private static final double TRACE_S = 20;

    private final PrescriptionStore prescriptions;
    private final SessionStore sessions;
    private final AxisRemap remap;
    private final PipelineSettings baseSettings;
    private final ScheduledExecutorService ticker;
    private final boolean ownTicker;
    private final ScheduledFuture<?> flushTask;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    // Source
    private SampleSource source;
    private Thread sourceThread;
    private String sourceKind = "none", sourceId;
    private SourceStatus status = SourceStatus.of(SourceStatus.State.ENDED, "no source");
    private long generation;
    private CountDownLatch sourceEnded = new CountDownLatch(0);
    private Exception sourceFailure;

    // Saving
    private SessionRecording saving;
    private boolean savingTried, savingDone;
    private String timeSource = "device";
    private String savingFailure;

    // Measurement: the pipeline, reps, sets and the samples' statistics are the exercise session's
    private ExerciseSession exercise;
    private Prescription prescription;
    private CueEngine cues = new CueEngine();
    private SetPlan plan = new SetPlan();

    // Display
    private final double[] traceT = new double[TRACE_CAPACITY], traceDrop = new double[TRACE_CAPACITY];
    private int traceStart, traceSize;
    private double[] batchT = new double[64], batchDrop = new double[64];
    private int batchSize;
    private long lastFlushNanos;
    private PipelineState lastState;

    // The guided setup's stand-still check (read from the samples; the pipeline does not use it)
    private SetupCheck setup = new SetupCheck();
    private SetupCheck.Result setupSent;
    /** The setup check is sent at most this often, on the sensor's clock (s): the page shows it, it does not chart it. */
    private static final double SETUP_PERIOD_S = 0.25;

    public LiveSession(PrescriptionStore prescriptions, AxisRemap remap, PipelineSettings baseSettings,
                       ScheduledExecutorService sharedTicker) {
        this(prescriptions, remap, baseSettings, sharedTicker, null);
    }

    /** @param sessions where each source's session is saved, or null to save nothing */
    public LiveSession(PrescriptionStore prescriptions, AxisRemap remap, PipelineSettings baseSettings,
                       ScheduledExecutorService sharedTicker, SessionStore sessions) {
        this.sessions = sessions;
        this.prescriptions = prescriptions;
        this.remap = remap;
        this.baseSettings = baseSettings;
        this.ownTicker = sharedTicker == null;
        this.ticker = ownTicker ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hiphike-flush");
            t.setDaemon(true);
            return t;
        }) : sharedTicker;
        this.prescription = prescriptions.get();
        this.exercise = newExercise();
        this.flushTask = ticker.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    public LiveSession(PrescriptionStore prescriptions) {
        this(prescriptions, AxisRemap.IDENTITY, PipelineSettings.DEFAULTS, null);
    }

    // ---- control ----

    /** Stops the current source, clears the session and starts this one on its own thread. */
    public void start(SampleSource newSource, String kind, String id) {
        SampleSource old;
        Thread oldThread;
        long gen;
        synchronized (this) {
            old = source;
            oldThread = sourceThread;
            gen = ++generation;
            finishSaving();
            resetMeasurement();
            sourceEnded = new CountDownLatch(1);
            sourceFailure = null;
            source = newSource;
            sourceKind = kind;
            sourceId = id;
            status = SourceStatus.of(SourceStatus.State.CONNECTING, "starting " + newSource.description());
            broadcast(Messages.json(new Messages.Reset()));
            broadcast(helloJson());
            broadcast(Messages.json(setup.last()));
        }
        stopSource(old, oldThread);
        CountDownLatch ended;
        synchronized (this) {
            ended = sourceEnded;
        }
        Thread t = new Thread(() -> runSource(newSource, gen, ended), "hiphike-source");
        t.setDaemon(true);
        synchronized (this) {
            if (gen == generation) sourceThread = t;
        }
        t.start();
    }

    /** Stops the current source; the reps so far stay. */
    public void stop() {
        SampleSource old;
        Thread oldThread;
        synchronized (this) {
            old = source;
            oldThread = sourceThread;
            generation++;
            source = null;
            sourceThread = null;
            if (old != null) endOfSource("stopped");
        }
        stopSource(old, oldThread);
    }

    /** Ends the current set now; the next rep starts a new one. */
    public synchronized void newSet() {
        exercise.newSet();
        flush();
    }

    /**
     * Takes a new level posture: the pipeline starts afresh (the next still moment on the step is
     * level) and the reps so far stay. New thresholds of the prescription apply from here.
     */
    public synchronized void relevel() {
        Prescription next = prescriptions.get();
        exercise.relevel(thresholdsOf(next)); // a rep waiting is counted against the old prescription's target
        prescription = next;
        exercise.repsPerSet(next.repsPerSet());
        cues = new CueEngine();
        flush();
    }

    /** Sets the replay speed (0 = max) and pause of the current source if it is paced; false if it is not. */
    public synchronized boolean setPace(Double speed, Boolean paused) {
        if (!(source instanceof PacedSource paced)) return false;
        if (speed != null) paced.pace().setSpeed(speed);
        if (paused != null) paced.pace().setPaused(paused);
        broadcast(Messages.json(new Messages.SourceChanged(sourceInfo())));
        return true;
    }

    /** A new prescription: targets apply now, thresholds from the next start or re-level. */
    public synchronized void prescriptionChanged(Prescription p) {
        prescription = p.withThresholds(prescription.thresholds());
        exercise.repsPerSet(prescription.repsPerSet());
        broadcast(Messages.json(new Messages.PrescriptionChanged(p)));
    }

    @Override
    public void close() {
        stop();
        flushTask.cancel(false);
        if (ownTicker) ticker.shutdownNow();
    }

    /** Waits until the current source has ended (by itself, or stopped), at most {@code timeout}; true when it has. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        CountDownLatch ended;
        synchronized (this) {
            ended = sourceEnded;
        }
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Why the current source stopped by itself (it could not be read), or null. */
    public synchronized Exception failure() { return sourceFailure; }

    /** Why saving stopped (full disk, unwritable data folder), or null. */
    public synchronized String savingFailure() { return savingFailure; }

    /** The id in the store of the session being recorded or last saved, or -1. */
    public synchronized long savedSessionId() { return saving == null ? -1 : saving.id(); }

    /**
     * How saving goes: {@code off} (no store, or nothing received yet), {@code recording}, {@code failed} (saving
     * stopped, the session goes on; {@code failure} says why) or {@code complete}.
     */
    public synchronized Messages.Saving saving() {
        if (saving == null) return new Messages.Saving(-1, savingFailure == null ? "off" : "failed", savingFailure);
        String status = savingDone ? "complete" : savingFailure != null ? "failed" : "recording";
        return new Messages.Saving(saving.id(), status, savingFailure);
    }

    // ---- listeners ----

    public void addListener(Listener listener) { listeners.add(listener); }

    public void removeListener(Listener listener) { listeners.remove(listener); }

    // ---- clients ----

    /** Adds a client and sends it the hello (state, reps, recent trace). */
    public synchronized void addClient(Client client) {
        client.send(helloJson());
        client.send(Messages.json(setup.last()));
        clients.add(client);
    }

    /** The guided setup's check after the latest sample: sensor found, still, upright, how far off the clip is. */
    synchronized SetupCheck.Result setupCheck() { return setup.last(); }

    /** Sends the setup check when it changed, at most every {@link #SETUP_PERIOD_S} of sensor time. */
    private void sendSetup(SetupCheck.Result r) {
        SetupCheck.Result p = setupSent;
        boolean changed = p == null || p.pass() != r.pass() || p.still() != r.still() || p.measured() != r.measured()
                || !java.util.Objects.equals(p.offDeg(), r.offDeg()) || !p.advice().equals(r.advice());
        if (!changed || (p != null && r.timeS() - p.timeS() < SETUP_PERIOD_S && r.timeS() >= p.timeS())) return;
        setupSent = r;
        broadcast(Messages.json(r));
    }

    public void removeClient(Client client) { clients.remove(client); }

    public int clientCount() { return clients.size(); }

    // ---- reading ----

    public synchronized Messages.LiveState state() { return liveState(); }

    /** The report (spec section 5) of the session so far. */
    public synchronized Report report() {
        // A rep waiting for its confirmation margin is not counted yet: same as the live count.
        return exercise.report(exercise.recordingInfo(sourceDescription(), timeSource, 0, 0));
    }

    public synchronized List<Rep> reps() { return List.copyOf(exercise.reps()); }

    public synchronized Prescription prescription() { return prescription; }

    public synchronized SourceStatus sourceStatus() { return status; }

    public synchronized String sourceKind() { return sourceKind; }

    /** The source playing now, or null. */
    public synchronized SampleSource currentSource() { return source; }

    // ---- the source thread ----

    private void runSource(SampleSource src, long gen, CountDownLatch ended) {
        SampleListener listener = new SampleListener() {
            @Override
            public void sample(ImuSample sample) { offer(sample, gen); }

            @Override
            public void status(SourceStatus s) { statusChanged(s, gen); }
        };
        try {
            src.run(listener);
        } catch (Exception e) {
            synchronized (this) {
                if (gen == generation) sourceFailure = e;
            }
            statusChanged(SourceStatus.of(SourceStatus.State.ENDED, "source failed: " + e.getMessage()), gen);
        } finally {
            synchronized (this) {
                if (gen == generation && status.state() != SourceStatus.State.ENDED) endOfSource("ended");
            }
            ended.countDown();
        }
    }

    /** One sample from the current source (its thread only). */
    public void offer(ImuSample sample) { offer(sample, -1); }

    private synchronized void offer(ImuSample raw, long gen) {
        if (gen >= 0 && gen != generation) return;
        save(raw);
        exercise.update(raw);
        long now = System.nanoTime();
        if (now - lastFlushNanos >= MIN_FLUSH_NANOS) flush();
    }

    private synchronized void statusChanged(SourceStatus s, long gen) {
        if (gen != generation) return;
        if (s.state() == SourceStatus.State.ENDED) {
            endOfSource(s.detail());
            return;
        }
        status = s;
        // A device that went away may stay away: what was received goes to disk now.
        if (saving != null && s.state() != SourceStatus.State.STREAMING) saving.flush();
        flush();
        broadcast(Messages.json(new Messages.SourceChanged(sourceInfo())));
        for (Listener l : listeners) l.status(s);
    }

    private void endOfSource(String detail) {
        boolean wasEnded = status.state() == SourceStatus.State.ENDED;
        exercise.finish();
        plan.sourceEnded();
        status = SourceStatus.of(SourceStatus.State.ENDED, detail);
        finishSaving();
        flush();
        broadcast(Messages.json(new Messages.SourceChanged(sourceInfo())));
        if (!wasEnded) {
            for (Messages.Cue c : cues.onSourceEnded("replay".equals(originOf(sourceKind)), "stopped".equals(detail))) {
                broadcast(Messages.json(c));
            }
        }
        for (Listener l : listeners) l.status(status);
    }

    // ---- saving (under the lock) ----

    /** The origin a session from this kind of source is saved with. */
    static String originOf(String kind) {
        return switch (kind == null ? "" : kind) {
            case "simulated" -> "simulated";
            case "sample", "upload", "file" -> "replay";
            default -> "live";
        };
    }

    private volatile boolean saveSimulated;

    /**
     * Whether sessions of the simulated sensor are saved (off by default: the demo is no one's exercise and would
     * fill the history; saved, they carry the origin "simulated", which the trends leave out).
     */
    public void saveSimulated(boolean save) { saveSimulated = save; }

    private void save(ImuSample raw) {
        if (!savingTried) {
            savingTried = true;
            Map<String, String> meta = new LinkedHashMap<>(source == null ? Map.of() : source.metadata());
            if ("rebuilt".equals(meta.get("time_source"))) timeSource = "rebuilt";
            if (sessions == null) return;
            if ("simulated".equals(sourceKind) && !saveSimulated) return;
            String sensor = meta.remove("sensor");
            double rate = 0;
            try {
                rate = Double.parseDouble(meta.getOrDefault("rate_hz", "0"));
            } catch (NumberFormatException e) {
                // an unreadable rate is not known
            }
            meta.remove("rate_hz");
            SessionInfo info = new SessionInfo(Instant.now(), sourceDescription(), sensor, Double.isFinite(rate) && rate > 0 ? rate : 0,
                    remap.name(), exercise.thresholds(), "", prescription.targets(), exercise.settings());
            try {
                saving = sessions.start(info, originOf(sourceKind), meta);
                for (Rep r : exercise.reps()) saving.rep(r);
                broadcast(Messages.json(new Messages.SessionSaved(saving.id(), "recording", null)));
                for (Listener l : listeners) l.saved(saving.id(), "recording");
            } catch (SessionStoreException e) {
                savingFailed("this session is not saved: " + e.getMessage());
                return;
            }
        }
        if (saving != null) saving.sample(raw);
    }

    /** A failure of the recording is told once (checked by the ticker and at the end). */
    private void checkSaving() {
        if (saving == null || savingFailure != null) return;
        String f = saving.storeFailure();
        if (f != null) savingFailed("saving stopped: " + f + "; the session goes on");
    }

    private void savingFailed(String message) {
        savingFailure = message;
        broadcast(Messages.json(new Messages.SessionSaved(saving == null ? -1 : saving.id(), "failed", message)));
        for (Listener l : listeners) l.recordingFailed(message);
    }

    /** Completes the session in the store with its report (idempotent). */
    private void finishSaving() {
        if (saving == null || savingDone) return;
        savingDone = true;
        checkSaving();
        SessionRecording done = saving;
        try {
            StoredSession stored = done.finish(report());
            broadcast(Messages.json(new Messages.SessionSaved(stored.summary().id(), "complete", savingFailure)));
            for (Listener l : listeners) l.saved(stored.summary().id(), "complete");
        } catch (SessionStoreException e) {
            savingFailed("the session could not be completed in the store: " + e.getMessage());
        }
    }

    private static void stopSource(SampleSource old, Thread oldThread) {
        if (old != null) old.close();
        if (oldThread != null && oldThread != Thread.currentThread()) {
            oldThread.interrupt();
            try {
                oldThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- measurement bookkeeping (under the lock) ----

    /** Too shallow only against a depth someone prescribed, not the built-in default. */
    private Thresholds thresholdsOf(Prescription p) {
        return prescriptions.prescribed() ? p.measuredWith() : p.thresholds();
    }

    /** A fresh exercise session for the prescription now, with this object as its only listener. */
    private ExerciseSession newExercise() {
        ExerciseSession e = new ExerciseSession(baseSettings.withThresholds(thresholdsOf(prescription)), remap);
        e.repsPerSet(prescription.repsPerSet());
        e.addListener(this::on);
        return e;
    }

    /**
     * What the exercise session tells, turned into the dashboard's messages (this is the only place that writes them
     * for the measurement), cues, the saved session and the {@link Listener}s. On the source's thread, under the lock.
     */
    private void on(SessionEvent event) {
        if (event instanceof SessionEvent.LevelTaken e) {
            broadcast(Messages.json(new Messages.PipelineEvent("level", e.timeS(), null)));
            for (Listener l : listeners) l.levelTaken(e.timeS());
        } else if (event instanceof SessionEvent.NotExercise e) {
            broadcast(Messages.json(new Messages.PipelineEvent("not_exercise", e.timeS(), e.words())));
            for (Listener l : listeners) l.notExercise(e.timeS(), e.words());
        } else if (event instanceof SessionEvent.SetStarted e) {
            plan.setStarted();
            flush();
            broadcast(Messages.json(new Messages.SetStarted(e.index(), e.side().jsonName())));
        } else if (event instanceof SessionEvent.RepCounted e) {
            if (saving != null) saving.rep(e.rep());
            for (Listener l : listeners) l.rep(e.rep());
            flush();
            broadcast(Messages.json(new Messages.RepCounted(e.rep(), e.repInSet())));
            for (Messages.Cue c : cues.onRep(e.rep(), e.repInSet())) broadcast(Messages.json(c));
        } else if (event instanceof SessionEvent.SetEnded e) {
            Map<String, Integer> faults = new LinkedHashMap<>();
            for (Map.Entry<Fault, Integer> f : e.faultCounts().entrySet()) faults.put(f.getKey().jsonName(), f.getValue());
            Messages.AfterSet after = plan.setEnded(e.set(), prescription, e.reason() != SetEndReason.SOURCE_ENDED);
            flush();
            broadcast(Messages.json(new Messages.SetEnded(e.set(), e.reason().jsonName(), round3(e.meanPeakDropDeg()),
                    round3(e.meanHoldS()), faults, after)));
            for (Messages.Cue c : cues.onSetEnded(after)) broadcast(Messages.json(c));
        } else if (event instanceof SessionEvent.State e) {
            PipelineState ps = e.state();
            lastState = ps;
            for (Listener l : listeners) l.sample(e.raw(), ps);
            sendSetup(setup.update(remap.apply(e.raw())));
            addTrace(ps.timeS(), displayDrop(ps));
            for (Messages.Cue c : cues.onState(ps, prescription)) broadcast(Messages.json(c));
            Messages.AfterSet restOver = plan.restOver(ps.timeS());
            if (restOver != null) {
                flush();
                for (Messages.Cue c : cues.onRestOver(restOver)) broadcast(Messages.json(c));
            }
        }
    }

    private void resetMeasurement() {
        prescription = prescriptions.get();
        exercise = newExercise();
        cues = new CueEngine();
        plan = new SetPlan();
        traceStart = 0;
        traceSize = 0;
        batchSize = 0;
        lastState = null;
        setup = new SetupCheck();
        setupSent = null;
        saving = null;
        savingTried = false;
        savingDone = false;
        timeSource = "device";
        savingFailure = null;
    }

    /** The drop angle to draw: positive when the side of the current excursion or set goes down. */
    private double displayDrop(PipelineState ps) {
        Side side = ps.side();
        if (side == null) return Math.abs(ps.obliquityDeg());
        return side == Side.LEFT ? ps.obliquityDeg() : -ps.obliquityDeg();
    }

    private void addTrace(double t, double drop) {
        int i = (traceStart + traceSize) % TRACE_CAPACITY;
        traceT[i] = t;
        traceDrop[i] = drop;
        if (traceSize < TRACE_CAPACITY) traceSize++;
        else traceStart = (traceStart + 1) % TRACE_CAPACITY;
        if (batchSize == batchT.length) {
            batchT = Arrays.copyOf(batchT, batchSize * 2);
            batchDrop = Arrays.copyOf(batchDrop, batchSize * 2);
        }
        batchT[batchSize] = t;
        batchDrop[batchSize] = drop;
        batchSize++;
    }

    private void tick() {
        try {
            synchronized (this) {
                if (batchSize > 0) flush();
                checkSaving();
            }
        } catch (RuntimeException e) {
            // Keep ticking (one failure must not stop the live view), but say so, once per kind of failure: a bug
            // here would otherwise freeze the dashboard without a word.
            String what = e.getClass().getName() + ": " + e.getMessage();
            if (tickFailuresTold.add(what) && tickFailuresTold.size() <= MAX_TICK_FAILURES_TOLD) {
                System.err.println("hiphike: the live view's 20 ms flush failed (" + what + "); it goes on");
            }
        }
    }

    /** Distinct tick failures told on stderr at most: enough to see a pattern, bounded for a failure that varies. */
    private static final int MAX_TICK_FAILURES_TOLD = 10;
    private final Set<String> tickFailuresTold = ConcurrentHashMap.newKeySet();

    private void flush() {
        lastFlushNanos = System.nanoTime();
        if (batchSize == 0) return;
        double[] t = Arrays.copyOf(batchT, batchSize), d = Arrays.copyOf(batchDrop, batchSize);
        batchSize = 0;
        if (clients.isEmpty()) return;
        broadcast(Messages.json(new Messages.Samples(t, d, liveState())));
    }

    private void broadcast(String json) {
        for (Client c : clients) {
            if (!c.isOpen()) {
                clients.remove(c);
                continue;
            }
            try {
                c.send(json);
            } catch (RuntimeException e) {
                clients.remove(c);
            }
        }
    }

    String helloJson() {
        Messages.Trace trace = recentTrace();
        return Messages.json(new Messages.Hello(liveState(), prescription, List.copyOf(exercise.reps()), exercise.sets(), trace));
    }

    private Messages.Trace recentTrace() {
        if (traceSize == 0) return new Messages.Trace(new double[0], new double[0]);
        double lastT = traceT[(traceStart + traceSize - 1) % TRACE_CAPACITY];
        int from = 0;
        while (from < traceSize && traceT[(traceStart + from) % TRACE_CAPACITY] < lastT - TRACE_S) from++;
        int n = traceSize - from;
        double[] t = new double[n], d = new double[n];
        for (int k = 0; k < n; k++) {
            int i = (traceStart + from + k) % TRACE_CAPACITY;
            t[k] = traceT[i];
            d[k] = traceDrop[i];
        }
        return new Messages.Trace(t, d);
    }

    private Messages.LiveState liveState() {
        PipelineState ps = lastState;
        if (ps == null) {
            return new Messages.LiveState(0, "waiting_for_level", 0, 0, null, 0, exercise.reps().size(), exercise.setIndex(),
                    exercise.setRepCount(), sourceInfo(),
                    plan.after());
        }
        Side side = ps.side();
        return new Messages.LiveState(ps.timeS(), ps.phase().name().toLowerCase(java.util.Locale.ROOT),
                Math.max(0, ps.dropDeg()), ps.obliquityDeg(), side == null ? null : side.jsonName(), ps.holdS(),
                exercise.reps().size(), exercise.setIndex(), exercise.setRepCount(), sourceInfo(), plan.after());
    }

    private Messages.SourceInfo sourceInfo() {
        String speed = null;
        Boolean paused = null;
        if (source instanceof PacedSource paced) {
            double sp = paced.pace().speed();
            speed = sp == 0 ? "max" : (sp == Math.rint(sp) ? Long.toString((long) sp) : Double.toString(sp));
            paused = paced.pace().paused();
        }
        return new Messages.SourceInfo(sourceKind, sourceId, sourceDescription(),
                status.state().name().toLowerCase(java.util.Locale.ROOT), status.detail(), status.batteryPercent(), speed, paused);
    }

    private String sourceDescription() { return source == null ? (sourceId == null ? "none" : sourceId) : source.description(); }

    private static double round3(double v) { return Math.round(v * 1000) / 1000.0; }
}

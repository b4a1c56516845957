package org.hiphike.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hiphike.core.ImuSample;

/**
 * The Sensor Logger app (iOS, Android) as the sensor, through its HTTP push: the app posts JSON batches
 * {@code {messageId, sessionId, deviceId, payload: [{name, time, values: {x, y, z}}]}} to the dashboard every batch
 * period; each batch is handed to {@link #offer}, and {@link #run} delivers the samples, on the source's thread, to the
 * same pipeline as any sensor.
 *
 * <p>Units and frames (Sensor Logger's own reference pages): {@code time} in nanoseconds since 1970; accelerations in
 * m/s², rotation rates in rad/s, about the phone's axes (x to the right of the screen, y up it, z out of it), the same
 * axes on both systems. {@code totalacceleration} (Android only) includes gravity; {@code accelerometer} does not (on
 * both systems), so without {@code totalacceleration} the acceleration is {@code accelerometer} + {@code gravity}
 * (gravity taken at the accelerometer's times). iOS gives acceleration and gravity with the opposite sign to Android
 * unless "Standardise Units &amp; Frames" is on: with {@link Frame#AUTO} the sign is read from the first gravity
 * reading (the phone worn top up, or lying screen up, has gravity mostly along +y or +z in Android's sign), and
 * {@code totalacceleration} is always Android's. The worn frame is {@link PhoneSource.Mount}'s: screen out, the
 * phone's axes are the worn frame.
 *
 * <p>Order. HTTP requests can overtake each other: a batch whose {@code messageId} is beyond the next expected one is
 * held until the missing one arrives, or until readings {@link #REORDER_WINDOW_S} newer have arrived, more than
 * {@link #MAX_HELD_MESSAGES} batches wait, or {@link #MISSING_WAIT_S} passed; then the missing one is counted lost
 * (its hole is a gap). Readings that arrive after samples past their time went out are dropped and counted late.
 * Samples are made at the acceleration's times, the rotation rate interpolated linearly between the gyroscope
 * readings either side; a step between samples more than {@link #GAP_STEPS} typical steps is counted as a gap.
 */
public final class SensorLoggerSource implements SampleSource {
    /** Standard gravity, m/s² per g. */
    static final double STANDARD_GRAVITY = PhoneSource.STANDARD_GRAVITY;
    /** A missing batch is waited for until readings this much newer (phone time) have arrived, s. */
    public static final double REORDER_WINDOW_S = 3.0;
    /** ... or until this much time has passed since it was first missed, s (wall clock). */
    public static final double MISSING_WAIT_S = 2.0;
    /** ... or until this many later batches wait. */
    public static final int MAX_HELD_MESSAGES = 64;
    /** Readings held at most (waiting for a partner or a missing batch); beyond, the oldest are given up. */
    public static final int MAX_HELD_READINGS = 60_000;
    /** After this long without a batch, the readings held are delivered as they are (the last gyroscope reading held), s. */
    public static final double FLUSH_AFTER_S = 2.5;
    /** Seconds without a batch before the source says the phone is silent (longer than any batch period we suggest). */
    public static final double SILENT_AFTER_S = 5.0;
    /** A step between samples longer than this many typical steps is a gap. */
    public static final double GAP_STEPS = 3.0;
    /**
     * A partner reading (gyroscope, gravity) at most this far after an acceleration reading is held for it when none
     * comes before it (the first samples: a phone reads its sensors a few ms apart), s.
     */
    public static final double HOLD_FIRST_S = 0.02;
    /** Samples waiting for the source's thread at most; beyond, samples are dropped (and counted). */
    public static final int MAX_QUEUED_SAMPLES = 16_384;

    /** The sign convention of the acceleration and gravity readings. */
    public enum Frame {
        /** From the first gravity reading; {@code totalacceleration} is Android's. */
        AUTO("auto"),
        /** Android's (and Sensor Logger's "Standardise Units & Frames"): at rest, screen up, +9.8 m/s² on z. */
        ANDROID("android"),
        /** iOS's default: at rest, screen up, -9.8 m/s² on z. */
        IOS("ios");

        private final String jsonName;

        Frame(String jsonName) { this.jsonName = jsonName; }

        public String jsonName() { return jsonName; }

        /** The frame of a name ({@code auto}, {@code android}, {@code ios}), or null. */
        public static Frame of(String name) {
            for (Frame f : values()) if (f.jsonName.equals(name)) return f;
            return null;
        }
    }

    /** One reading of one sensor: its name as Sensor Logger spells it, time in ns since 1970, x, y, z in its unit. */
    public record Reading(String name, long timeNs, double x, double y, double z) {}

    /** One pushed batch. */
    public record Batch(long messageId, String sessionId, String deviceId, List<Reading> readings) {
        public Batch {
            readings = List.copyOf(readings);
        }
    }

    /** What the source counted so far. */
    public record Counts(long messages, long samples, long lostMessages, long lateReadings, long gaps, long droppedSamples,
                         long otherReadings) {}

    /**
     * Batches in, samples in the worn frame out: the reordering, the pairing of acceleration and rotation rate, and
     * the counting. No threads, no I/O; the time of the wall clock comes in as {@code nowNanos}.
     */
    static final class Merger {
        private static final String TOTAL = "totalacceleration", LINEAR = "accelerometer", GRAVITY = "gravity", GYRO = "gyroscope";

        private final Frame frameGiven;
        private final PhoneSource.Mount mount;
        private Frame frame;
        private Boolean totalMode; // null until the first acceleration arrives

        private final TreeMap<Long, Batch> held = new TreeMap<>();
        private long nextId = Long.MIN_VALUE;
        private String sessionId;
        private long missingSinceNanos = -1;

        private final TreeMap<Long, double[]> accel = new TreeMap<>(), linear = new TreeMap<>(), gravity = new TreeMap<>(),
                gyro = new TreeMap<>();
        private long newestMergedNs = Long.MIN_VALUE;
        private long firstNs = Long.MIN_VALUE, lastEmittedNs = Long.MIN_VALUE;
        private final double[] steps = new double[16];
        private int stepCount;

        long messages, samples, lostMessages, lateReadings, gaps, otherReadings;

        Merger(Frame frame, PhoneSource.Mount mount) {
            this.frameGiven = frame == null ? Frame.AUTO : frame;
            this.frame = this.frameGiven == Frame.AUTO ? null : this.frameGiven;
            this.mount = mount == null ? PhoneSource.Mount.SCREEN_OUT : mount;
        }

        /** Takes a batch; returns the samples it made ready. */
        List<ImuSample> offer(Batch b, long nowNanos) {
            messages++;
            List<ImuSample> out = new ArrayList<>();
            if (sessionId != null && !sessionId.equals(b.sessionId())) {
                // A new recording on the phone: what is held goes out, and its batches count from their own first id.
                out.addAll(flush());
                nextId = Long.MIN_VALUE;
            }
            sessionId = b.sessionId();
            if (nextId == Long.MIN_VALUE) nextId = b.messageId();
            if (b.messageId() < nextId) {
                merge(b); // late: what is not past already still fits in
            } else if (!held.containsKey(b.messageId())) {
                held.put(b.messageId(), b);
            }
            advance(nowNanos);
            out.addAll(emit(false));
            return out;
        }

        /** The wall clock moved on: a batch missed for {@link #MISSING_WAIT_S} is given up. */
        List<ImuSample> tick(long nowNanos) {
            if (held.isEmpty() || missingSinceNanos < 0 || nowNanos - missingSinceNanos < (long) (MISSING_WAIT_S * 1e9)) {
                return List.of();
            }
            skipMissing();
            advance(nowNanos);
            return emit(false);
        }

        /** Everything held goes out as far as it can (no batch came for a while, or the recording changed). */
        List<ImuSample> flush() {
            while (!held.isEmpty()) {
                skipMissing();
                advance(-1);
            }
            return emit(true);
        }

        private void advance(long nowNanos) {
            while (held.containsKey(nextId)) {
                merge(held.remove(nextId));
                nextId++;
                missingSinceNanos = -1;
            }
            if (held.isEmpty()) {
                missingSinceNanos = -1;
                return;
            }
            if (missingSinceNanos < 0) missingSinceNanos = nowNanos;
            long newestHeld = Long.MIN_VALUE;
            int readings = 0;
            for (Batch h : held.values()) {
                readings += h.readings().size();
                for (Reading r : h.readings()) newestHeld = Math.max(newestHeld, r.timeNs());
            }
            boolean tooFarAhead = newestMergedNs != Long.MIN_VALUE && newestHeld - newestMergedNs > (long) (REORDER_WINDOW_S * 1e9);
            if (tooFarAhead || held.size() > MAX_HELD_MESSAGES || readings > MAX_HELD_READINGS) {
                skipMissing();
                advance(nowNanos);
            }
        }

        private void skipMissing() {
            if (held.isEmpty()) return;
            long first = held.firstKey();
            if (first > nextId) lostMessages += first - nextId;
            nextId = first;
            missingSinceNanos = -1;
        }

        private void merge(Batch b) {
            for (Reading r : b.readings()) {
                TreeMap<Long, double[]> into = switch (r.name()) {
                    case TOTAL -> accel;
                    case LINEAR -> linear;
                    case GRAVITY -> gravity;
                    case GYRO -> gyro;
                    default -> null;
                };
                if (into == null) {
                    otherReadings++;
                    continue;
                }
                if (r.timeNs() <= lastEmittedNs) {
                    lateReadings++;
                    continue;
                }
                into.put(r.timeNs(), new double[] {r.x(), r.y(), r.z()});
                newestMergedNs = Math.max(newestMergedNs, r.timeNs());
                if (r.name().equals(TOTAL)) totalMode = true;
                else if (r.name().equals(LINEAR) && totalMode == null) totalMode = false;
            }
            // Bounded: readings that found no partner (gyroscope only, say) are given up oldest first.
            for (TreeMap<Long, double[]> m : List.of(accel, linear, gravity, gyro)) {
                while (m.size() > MAX_HELD_READINGS) m.pollFirstEntry();
            }
        }

        private List<ImuSample> emit(boolean flushing) {
            List<ImuSample> out = new ArrayList<>();
            if (totalMode == null) return out;
            TreeMap<Long, double[]> base = totalMode ? accel : linear;
            // Android's accelerometer beside its totalacceleration: not needed.
            if (totalMode) linear.clear();
            while (!base.isEmpty()) {
                Map.Entry<Long, double[]> a = base.firstEntry();
                long t = a.getKey();
                double[] rate = at(gyro, t, flushing);
                double[] g = totalMode ? new double[3] : at(gravity, t, flushing);
                if (rate == MISSING || g == MISSING) {
                    base.pollFirstEntry(); // before the partner's first reading: no sample
                    continue;
                }
                if (rate == null || g == null) break; // the partner's reading after t has not come yet
                base.pollFirstEntry();
                if (!totalMode && frame == null) frame = signFromGravity(g);
                if (totalMode && frame == null) frame = Frame.ANDROID;
                double sign = frame == Frame.IOS ? -1 : 1;
                double[] acc = a.getValue();
                double ax = sign * (acc[0] + g[0]), ay = sign * (acc[1] + g[1]), az = sign * (acc[2] + g[2]);
                if (firstNs == Long.MIN_VALUE) firstNs = t;
                if (lastEmittedNs != Long.MIN_VALUE) countStep((t - lastEmittedNs) / 1e9);
                lastEmittedNs = t;
                prune(gyro, t);
                prune(gravity, t);
                double toDps = 180 / Math.PI;
                out.add(PhoneSource.toSample((t - firstNs) / 1e9,
                        new double[] {0, ax, ay, az, rate[0] * toDps, rate[1] * toDps, rate[2] * toDps}, mount));
                samples++;
            }
            return out;
        }

        private static final double[] MISSING = new double[0];

        /**
         * The readings of {@code m} interpolated at {@code t}; null when none after {@code t} has come yet (the last
         * one when flushing); {@link #MISSING} when {@code t} lies before its first reading.
         */
        private static double[] at(TreeMap<Long, double[]> m, long t, boolean flushing) {
            Map.Entry<Long, double[]> lo = m.floorEntry(t), hi = m.ceilingEntry(t);
            if (lo == null && hi != null && hi.getKey() - t <= (long) (HOLD_FIRST_S * 1e9)) return hi.getValue();
            if (lo == null) return hi == null ? (flushing ? MISSING : null) : MISSING;
            if (hi == null) return flushing ? lo.getValue() : null;
            if (hi.getKey().equals(lo.getKey())) return lo.getValue();
            double f = (double) (t - lo.getKey()) / (hi.getKey() - lo.getKey());
            double[] a = lo.getValue(), b = hi.getValue();
            return new double[] {a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])};
        }

        /** Keeps the reading at or before {@code t} (the next sample interpolates from it) and drops the older ones. */
        private static void prune(TreeMap<Long, double[]> m, long t) {
            Long keep = m.floorKey(t);
            if (keep != null) m.headMap(keep, false).clear();
        }

        /** The convention of a gravity reading: its largest component is positive in Android's (worn top up, or screen up). */
        private static Frame signFromGravity(double[] g) {
            int k = 0;
            for (int i = 1; i < 3; i++) if (Math.abs(g[i]) > Math.abs(g[k])) k = i;
            return g[k] < 0 ? Frame.IOS : Frame.ANDROID;
        }

        private void countStep(double stepS) {
            if (stepCount >= 8) {
                double[] sorted = Arrays.copyOf(steps, Math.min(stepCount, steps.length));
                Arrays.sort(sorted);
                double typical = sorted[sorted.length / 2];
                if (stepS > GAP_STEPS * typical) {
                    gaps++;
                    return; // a gap is not a typical step
                }
            }
            steps[stepCount % steps.length] = stepS;
            stepCount++;
        }

        /** The convention in use (null until decided). */
        Frame frame() { return frame; }
    }

    /** What travels to the source's thread. */
    private sealed interface Item permits SampleItem, StatusItem {}

    private record SampleItem(ImuSample sample) implements Item {}

    private record StatusItem(SourceStatus status) implements Item {}

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(MAX_QUEUED_SAMPLES + 16);
    private final Merger merger;
    private final String description;
    private final PhoneSource.Mount mount;
    private volatile boolean closed;
    // under this
    private long lastBatchNanos = -1, droppedSamples;
    private boolean flushed = true;
    private String deviceId = "";

    /**
     * @param frame the sign convention, or {@link Frame#AUTO}
     * @param mount how the phone is worn
     */
    public SensorLoggerSource(String description, Frame frame, PhoneSource.Mount mount) {
        this.description = description;
        this.mount = mount == null ? PhoneSource.Mount.SCREEN_OUT : mount;
        this.merger = new Merger(frame, this.mount);
    }

    public SensorLoggerSource() { this("Sensor Logger (HTTP push)", Frame.AUTO, PhoneSource.Mount.SCREEN_OUT); }

    /** A pushed batch; returns the samples it made ready (queued for the pipeline). */
    public int offer(Batch batch) {
        if (closed) return 0;
        List<ImuSample> ready;
        synchronized (this) {
            long now = System.nanoTime();
            lastBatchNanos = now;
            flushed = false;
            if (batch.deviceId() != null && !batch.deviceId().isBlank()) deviceId = batch.deviceId();
            ready = merger.offer(batch, now);
        }
        return queue(ready);
    }

    private int queue(List<ImuSample> ready) {
        int n = 0;
        for (ImuSample s : ready) {
            if (queue.offer(new SampleItem(s))) n++;
            else {
                synchronized (this) {
                    droppedSamples++;
                }
            }
        }
        return n;
    }

    @Override
    public void run(SampleListener listener) {
        listener.status(SourceStatus.of(SourceStatus.State.CONNECTING, "waiting for Sensor Logger: in the app, turn on HTTP Push "
                + "with the address the dashboard shows (under Phone as the sensor), then start a recording"));
        boolean streaming = false;
        try {
            while (!closed) {
                Item it = queue.poll(100, TimeUnit.MILLISECONDS);
                if (it instanceof SampleItem si) {
                    if (!streaming) {
                        streaming = true;
                        listener.status(new SourceStatus(SourceStatus.State.STREAMING, "Sensor Logger: " + deviceLabel(), null));
                    }
                    listener.sample(si.sample());
                    continue;
                }
                if (it instanceof StatusItem st) {
                    listener.status(st.status());
                    continue;
                }
                List<ImuSample> late;
                boolean silent;
                synchronized (this) {
                    long now = System.nanoTime();
                    late = new ArrayList<>(merger.tick(now));
                    if (!flushed && lastBatchNanos >= 0 && now - lastBatchNanos > (long) (FLUSH_AFTER_S * 1e9)) {
                        late.addAll(merger.flush());
                        flushed = true;
                    }
                    silent = streaming && lastBatchNanos >= 0 && now - lastBatchNanos > (long) (SILENT_AFTER_S * 1e9);
                }
                queue(late);
                if (silent) {
                    streaming = false;
                    listener.status(SourceStatus.of(SourceStatus.State.SILENT, "Sensor Logger sends nothing: is the app still "
                            + "recording, with HTTP Push on, and the phone on the same network?"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.status(SourceStatus.of(SourceStatus.State.ENDED, "Sensor Logger stopped"));
    }

    private synchronized String deviceLabel() {
        return deviceId.isEmpty() ? "phone" : deviceId;
    }

    /** What was counted so far. */
    public synchronized Counts counts() {
        return new Counts(merger.messages, merger.samples, merger.lostMessages, merger.lateReadings, merger.gaps, droppedSamples,
                merger.otherReadings);
    }

    /** The sign convention in use, or null before the first sample. */
    public synchronized Frame frame() { return merger.frame(); }

    @Override
    public String description() { return description; }

    @Override
    public synchronized Map<String, String> metadata() {
        Frame f = merger.frame();
        return Map.of("sensor", "phone (Sensor Logger)", "protocol", "sensor-logger-http", "time_source", "device",
                "phone_mount", mount.jsonName(), "device_id", deviceId.isEmpty() ? "unknown" : deviceId,
                "phone_frame", f == null ? "auto" : f.jsonName());
    }

    @Override
    public void close() { closed = true; }
}

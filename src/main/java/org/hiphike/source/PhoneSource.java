package org.hiphike.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;

/**
 * A phone's motion sensors as the sensor: the dashboard's {@code /sensor} page reads {@code DeviceMotionEvent}s and
 * sends them over a WebSocket; each connection hands its samples to {@link #offer}, and {@link #run} delivers them,
 * on the source's thread, to the same pipeline as any sensor.
 *
 * <p>Units and axes. The page sends each event as it came: {@code accelerationIncludingGravity} in m/s² (W3C: the
 * device at rest, screen up, reads +9.8 on z, i.e. specific force) and {@code rotationRate} in °/s, {@code alpha}
 * about the device's x axis (to the right of the screen), {@code beta} about y (up the screen), {@code gamma} about z
 * (out of the screen). Worn at the back of the pelvis top up with the screen facing away from the body
 * ({@link Mount#SCREEN_OUT}), the phone's axes are the worn frame (x = wearer's right, y = up, z = backward): the
 * acceleration is divided by standard gravity and the rates are taken as they are. Screen towards the body
 * ({@link Mount#SCREEN_IN}) is the phone turned half round about y: x and z change sign.
 *
 * <p>Time. Each sample carries the phone's own time, {@code performance.timeOrigin + event.timeStamp} in ms since
 * 1970; the first sample is time 0. A reconnection (the page reloaded, the network came back) continues the clock:
 * its first sample comes at the gap the phone's clock gives, or just after the last sample when that clock stepped
 * back. Within a connection a sample stamped before the one before it is dropped and counted.
 *
 * <p>While no connection is open the source is {@link SourceStatus.State#CONNECTING} (before the first) or
 * {@link SourceStatus.State#LOST} (after one went away), and the session waits; a connection that sends nothing for
 * {@link #SILENT_AFTER_S} is {@link SourceStatus.State#SILENT}.
 */
public final class PhoneSource implements SampleSource {
    /** Standard gravity, m/s² per g. */
    public static final double STANDARD_GRAVITY = 9.80665;
    /** Samples waiting for the source's thread at most; beyond, samples are dropped (and counted). */
    public static final int MAX_QUEUED_SAMPLES = 8192;
    /** Seconds without samples on an open connection before the source says the phone is silent. */
    public static final double SILENT_AFTER_S = 2;
    /** Largest |acceleration| per axis accepted from a phone, m/s² (±16 g, the pipeline's own bound). */
    public static final double MAX_ACC_MS2 = 16 * STANDARD_GRAVITY;
    /** Largest |rotation rate| per axis accepted, °/s. */
    public static final double MAX_RATE_DPS = 5000;

    /** How the phone is worn at the back of the pelvis, top up. */
    public enum Mount {
        /** Screen facing away from the body: the phone's axes are the worn frame. */
        SCREEN_OUT("screen-out"),
        /** Screen towards the body: x and z change sign. */
        SCREEN_IN("screen-in");

        private final String jsonName;

        Mount(String jsonName) { this.jsonName = jsonName; }

        public String jsonName() { return jsonName; }

        /** The mount of a name ({@code screen-out}, {@code screen-in}), or null. */
        public static Mount of(String name) {
            for (Mount m : values()) if (m.jsonName.equals(name)) return m;
            return null;
        }
    }

    /** What travels from the connections to the source's thread. */
    private sealed interface Item permits SampleItem, StatusItem {}

    private record SampleItem(ImuSample sample) implements Item {}

    private record StatusItem(SourceStatus status) implements Item {}

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(MAX_QUEUED_SAMPLES + 16);
    private final Object lock = new Object();
    private volatile boolean closed;
    private final String description;

    // under lock
    private long connectionSeq, currentConnection = -1;
    private double baseEpochMs = Double.NaN, lastTimeS = Double.NaN;
    private double connectionFirstEpochMs = Double.NaN, connectionStartS;
    private long dropped, steppedBack, received;
    private String deviceName = "phone";
    private Mount mount = Mount.SCREEN_OUT;
    private long lastSampleNanos;
    private boolean silentSaid;

    public PhoneSource() { this("phone"); }

    /** @param description how the dashboard names it */
    public PhoneSource(String description) { this.description = description; }

    /**
     * A phone connected; the connection that was open before (a reload whose old socket has not closed yet) is
     * replaced: its samples are ignored from now on. Returns the connection's id for {@link #offer}.
     *
     * @param device what the page says of the phone (its user agent, shortened), or null
     */
    public long connect(String device, Mount mount) {
        synchronized (lock) {
            currentConnection = ++connectionSeq;
            connectionFirstEpochMs = Double.NaN;
            if (device != null && !device.isBlank()) deviceName = device;
            this.mount = mount == null ? Mount.SCREEN_OUT : mount;
            lastSampleNanos = System.nanoTime();
            silentSaid = false;
        }
        return currentConnection;
    }

    /** The connection went away; the source waits for the next. Ignored for a connection that was replaced. */
    public void disconnected(long connection, String why) {
        synchronized (lock) {
            if (connection != currentConnection) return;
            currentConnection = -1;
        }
        status(SourceStatus.of(SourceStatus.State.LOST, "the phone disconnected" + (why == null || why.isBlank() ? "" : " (" + why + ")")
                + ": open the /sensor page on the phone again and tap Start"));
    }

    /**
     * Samples from a connection, each {@code {epochMs, ax, ay, az, alpha, beta, gamma}} in the page's units (m/s²,
     * °/s). Rows that are not finite or lie beyond {@link #MAX_ACC_MS2} / {@link #MAX_RATE_DPS} are refused as a whole
     * message by the caller ({@link #checkRow}); here they are only converted and queued.
     *
     * @return the samples queued (fewer than given when the queue is full or the connection was replaced)
     */
    public int offer(long connection, double[][] rows) {
        List<Item> items = new ArrayList<>(rows.length);
        synchronized (lock) {
            if (connection != currentConnection || closed) return 0;
            for (double[] r : rows) {
                double epochMs = r[0];
                double t;
                if (Double.isNaN(baseEpochMs)) {
                    baseEpochMs = epochMs;
                    connectionFirstEpochMs = epochMs;
                    connectionStartS = 0;
                    t = 0;
                } else if (Double.isNaN(connectionFirstEpochMs)) {
                    // A new connection: the gap its clock gives, or just after the last sample if that clock stepped back.
                    double byClock = (epochMs - baseEpochMs) / 1000;
                    connectionStartS = Double.isNaN(lastTimeS) || byClock > lastTimeS ? byClock : lastTimeS + 0.001;
                    connectionFirstEpochMs = epochMs;
                    t = connectionStartS;
                } else {
                    t = connectionStartS + (epochMs - connectionFirstEpochMs) / 1000;
                }
                if (!Double.isNaN(lastTimeS) && t < lastTimeS) {
                    steppedBack++;
                    continue;
                }
                lastTimeS = t;
                items.add(new SampleItem(toSample(t, r, mount)));
            }
            received += items.size();
            lastSampleNanos = System.nanoTime();
            silentSaid = false;
        }
        int queued = 0;
        for (Item it : items) {
            if (queue.offer(it)) queued++;
            else {
                synchronized (lock) {
                    dropped++;
                }
            }
        }
        return queued;
    }

    /** Why a row from the page cannot be a sample, or null when it can. */
    public static String checkRow(double[] r) {
        if (r.length != 7) return "a sample has " + r.length + " numbers, not 7 (time, 3 accelerations, 3 rates)";
        for (double v : r) if (!Double.isFinite(v)) return "a sample has a number that is not finite";
        if (r[0] < 0 || r[0] > 1e14) return "a sample's time " + r[0] + " ms is not a time since 1970";
        for (int i = 1; i <= 3; i++) {
            if (Math.abs(r[i]) > MAX_ACC_MS2) return "an acceleration of " + r[i] + " m/s² is beyond ±16 g";
        }
        for (int i = 4; i <= 6; i++) {
            if (Math.abs(r[i]) > MAX_RATE_DPS) return "a rotation rate of " + r[i] + " °/s is beyond ±" + (int) MAX_RATE_DPS;
        }
        return null;
    }

    /** One event of the page as a sample in the worn frame (g, °/s). */
    public static ImuSample toSample(double timeS, double[] r, Mount mount) {
        double sx = mount == Mount.SCREEN_IN ? -1 : 1;
        Vec3 acc = new Vec3(sx * r[1] / STANDARD_GRAVITY, r[2] / STANDARD_GRAVITY, sx * r[3] / STANDARD_GRAVITY);
        Vec3 gyr = new Vec3(sx * r[4], r[5], sx * r[6]);
        return new ImuSample(timeS, acc, gyr);
    }

    private void status(SourceStatus s) {
        queue.offer(new StatusItem(s));
    }

    @Override
    public void run(SampleListener listener) {
        listener.status(SourceStatus.of(SourceStatus.State.CONNECTING,
                "waiting for the phone: open the /sensor page on it (the QR code on the dashboard) and tap Start"));
        boolean streaming = false;
        try {
            while (!closed) {
                Item it = queue.poll(200, TimeUnit.MILLISECONDS);
                if (it instanceof SampleItem si) {
                    if (!streaming) {
                        streaming = true;
                        listener.status(new SourceStatus(SourceStatus.State.STREAMING, "phone: " + deviceName(), null));
                    }
                    listener.sample(si.sample());
                } else if (it instanceof StatusItem st) {
                    streaming = st.status().state() == SourceStatus.State.STREAMING;
                    listener.status(st.status());
                } else if (streaming) {
                    boolean silent;
                    synchronized (lock) {
                        silent = currentConnection >= 0 && !silentSaid
                                && System.nanoTime() - lastSampleNanos > (long) (SILENT_AFTER_S * 1e9);
                        if (silent) silentSaid = true;
                    }
                    if (silent) {
                        streaming = false;
                        listener.status(SourceStatus.of(SourceStatus.State.SILENT, "the phone sends nothing: is the /sensor page "
                                + "still open and the screen on?"));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.status(SourceStatus.of(SourceStatus.State.ENDED, "phone stopped"));
    }

    private String deviceName() {
        synchronized (lock) {
            return deviceName;
        }
    }

    /** Samples received so far (queued for the pipeline). */
    public long received() {
        synchronized (lock) {
            return received;
        }
    }

    /** Samples dropped because the pipeline fell behind, and dropped because they were stamped before the last. */
    public long[] droppedAndSteppedBack() {
        synchronized (lock) {
            return new long[] {dropped, steppedBack};
        }
    }

    /** Whether a phone connection is open. */
    public boolean connected() {
        synchronized (lock) {
            return currentConnection >= 0;
        }
    }

    @Override
    public String description() { return description; }

    @Override
    public Map<String, String> metadata() {
        synchronized (lock) {
            return Map.of("sensor", "phone", "protocol", "devicemotion", "time_source", "device", "phone_mount", mount.jsonName(),
                    "device_id", deviceName);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            currentConnection = -1;
        }
    }
}

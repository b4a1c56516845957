package org.hiphike.source;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hiphike.core.ImuSample;
import org.hiphike.protocol.DecoderOptions;
import org.hiphike.protocol.Decoders;
import org.hiphike.protocol.DeviceInfo;
import org.hiphike.protocol.DeviceStatus;
import org.hiphike.protocol.HiphikeDecoder;
import org.hiphike.protocol.Protocol;
import org.hiphike.protocol.ProtocolDetector;
import org.hiphike.protocol.SampleDecoder;
import org.hiphike.protocol.SampleSink;
import org.hiphike.protocol.SyntheticStreams;
import org.hiphike.protocol.TimeSource;

/**
 * A sensor on a serial port (USB, UART, Bluetooth SPP as {@code /dev/rfcomm0}, a pseudo-terminal), in any
 * protocol hiphike decodes, detected from the first bytes unless configured.
 *
 * <p>{@link #open} opens the port at once, so that a busy port, a missing device or a permission problem
 * is an exception with a message for the user before anything starts. {@link #run} then reads on the
 * calling thread (the caller's reader thread) and feeds the decoder; samples and status changes reach the
 * listener on that thread. When the device goes away the status turns {@link SourceStatus.State#LOST}
 * and the same path is tried again every {@code reconnectPoll} until it comes back; the decoder (and so
 * the time axis) carries on. No sample for {@code silentAfter} is {@link SourceStatus.State#SILENT}.
 *
 * <p>Time: the device's timestamps where the protocol has them; otherwise rebuilt from the rate with
 * the arrival clock correcting gaps and drift ({@link RebuiltClock}). Gaps in device time (samples
 * missing by the clock) and lost frames (by sequence number) are counted in {@link #stats()}.
 *
 * <p>hiphike sensors get the host start-up of PROTOCOL.md 8.7: an idle 0x00, GET_INFO (resent every
 * 500 ms until HELLO, 3 attempts) and START_STREAMING, on every (re)connection.
 */
public final class SerialSource implements SampleSource {
    static final int READ_TIMEOUT_MS = 100;
    private static final int HEAD_BYTES = ProtocolDetector.DEFAULT_HEAD_BYTES;
    private static final long HELLO_WAIT_NS = 500_000_000L;
    private static final int HELLO_ATTEMPTS = 3;
    private static final long WAKE_AFTER_NS = 1_000_000_000L;
    private static final int CMD_START_STREAMING = 0x40, CMD_STOP_STREAMING = 0x41, CMD_GET_INFO = 0x45;

    /** Receives every byte read from the port, before decoding (for raw captures); on the reading thread. */
    @FunctionalInterface
    public interface RawBytesListener {
        void bytes(byte[] buf, int len);
    }

    /**
     * What the source has seen so far.
     *
     * @param path            the port
     * @param protocol        the protocol, null until detected
     * @param detected        whether it was detected (not configured)
     * @param timeSource      where sample times come from, null until the protocol is known
     * @param bytes           bytes read
     * @param samples         samples delivered
     * @param badFrames       frames that failed a check
     * @param lostFrames      frames missing by sequence number (hiphike) or estimated by the decoder
     * @param gaps            gaps in the sample times (device clock), or found from the arrival clock (rebuilt time)
     * @param droppedSamples  samples missing in those gaps (device clock: from the intervals)
     * @param reconnects      times the device came back after being lost
     * @param sampleRateHz    the device's announced rate, the configured rate, or the measured one; 0 unknown
     * @param deviceInfo      the device's HELLO, or null
     * @param batteryPercent  battery charge from the device's STATUS, or null
     */
    public record Stats(String path, Protocol protocol, boolean detected, TimeSource timeSource, long bytes, long samples,
                        long badFrames, long lostFrames, long gaps, long droppedSamples, int reconnects, double sampleRateHz,
                        DeviceInfo deviceInfo, Integer batteryPercent) {}

    private final SerialSourceConfig config;
    private final String path;
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private volatile boolean closed;
    private final ByteLink.Opener reopener;
    private final String connectingDetail;
    private volatile ByteLink link;
    private volatile RawBytesListener rawListener;
    /**
     * Written by the reading thread after each read (and each change of state): everything it wrote before is then
     * visible to a thread that reads this first, so {@link #stats()} builds its snapshot on the caller's thread from
     * the reader's counters, and reading allocates no snapshot per read.
     */
    private volatile long published;

    // Reading thread only.
    private SampleListener listener;
    private SampleDecoder decoder;
    private Protocol protocol;
    private boolean detected;
    private final byte[] head = new byte[HEAD_BYTES * 2];
    private int headLen, headTriedAt;
    private long openedNs, firstByteNs = -1, lastSampleNs, helloSentNs;
    private int helloAttempts;
    private boolean wakeSent;
    private int hostSeq;
    private RebuiltClock rebuiltClock;
    private double arrivalS;
    private long bytes, samples, gaps, dropped;
    private int reconnects;
    private double lastTimeS = Double.NaN, intervalS;
    private final double[] firstIntervals = new double[32];
    private int firstIntervalCount;
    private long gapsWhileLearning, droppedWhileLearning;
    private double announcedRateHz = Double.NaN;  // the HELLO's rate, checked against the timestamps
    private String rateNote = "";
    private boolean announcedDisagrees;
    private DeviceInfo deviceInfo;
    private boolean helloSinceOpen;
    private Integer batteryPercent;
    private SourceStatus.State state;

    private SerialSource(SerialSourceConfig config, String path, ByteLink link, ByteLink.Opener reopener, String connectingDetail) {
        this.config = config;
        this.path = path;
        this.link = link;
        this.reopener = reopener;
        this.connectingDetail = connectingDetail;
        this.protocol = config.protocol();
    }

    /**
     * Opens the sensor's port.
     *
     * @throws SerialOpenException when the port cannot be opened (the message says why and what to do)
     */
    public static SerialSource open(SerialSourceConfig config) throws SerialOpenException {
        String path = SerialPorts.resolve(config.device(), config.device().contains("/") ? java.util.List.of() : SerialPorts.list());
        // fail now rather than at the first byte: CSV lines without a time column need the rate
        if (config.protocol() != null) Decoders.create(config.protocol(), config.decoder());
        SerialLink link = SerialLink.open(path, config.baudRate(), READ_TIMEOUT_MS);
        return new SerialSource(config, path, link, () -> SerialLink.open(path, config.baudRate(), READ_TIMEOUT_MS),
                "reading " + path + " at " + config.baudRate() + " baud");
    }

    /**
     * A source over another kind of link (Bluetooth LE): {@code first} is already open, {@code reopener} opens it
     * again after a loss; {@code name} stands for the path in messages and stats.
     */
    static SerialSource over(SerialSourceConfig config, String name, ByteLink first, ByteLink.Opener reopener,
                             String connectingDetail) {
        if (config.protocol() != null) Decoders.create(config.protocol(), config.decoder());
        return new SerialSource(config, name, first, reopener, connectingDetail);
    }

    /** Also hands every byte read to {@code l} (raw capture); null to stop. */
    public void rawBytes(RawBytesListener l) { this.rawListener = l; }

    /** A snapshot of the counters; safe from any thread. */
    public Stats stats() {
        long seen = published; // the volatile read that makes the reader's counters visible on this thread
        return seen >= 0 ? snapshot() : null; // never null: the count only grows
    }

    /** Makes the reading thread's counters visible to {@link #stats()} on other threads. */
    private void publish() { published++; }

    /** The port's path. */
    public String path() { return path; }

    @Override
    public java.util.Map<String, String> metadata() {
        Stats s = stats();
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        if (s.deviceInfo() != null) m.put("sensor", s.deviceInfo().sensorModel());
        else if (s.protocol() != null) m.put("sensor", s.protocol().cliName());
        if (s.sampleRateHz() > 0) {
            double r = s.sampleRateHz();
            m.put("rate_hz", r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r));
        }
        if (s.protocol() != null) m.put("protocol", s.protocol().cliName());
        if (s.timeSource() != null) m.put("time_source", s.timeSource().metadataValue());
        if (s.deviceInfo() != null) {
            m.put("device_id", s.deviceInfo().deviceId());
            m.put("firmware", s.deviceInfo().firmwareVersion());
        }
        return m;
    }

    @Override
    public String description() {
        Stats s = stats();
        StringBuilder sb = new StringBuilder(path);
        if (s.protocol() != null) {
            sb.append(" (").append(s.protocol().cliName());
            if (s.sampleRateHz() > 0) sb.append(String.format(java.util.Locale.ROOT, ", %.0f Hz", s.sampleRateHz()));
            sb.append(')');
        }
        return sb.toString();
    }

    @Override
    public void run(SampleListener l) throws IOException {
        this.listener = l;
        byte[] buf = new byte[4096];
        openedNs = System.nanoTime();
        lastSampleNs = openedNs;
        status(SourceStatus.State.CONNECTING, connectingDetail);
        onOpened();
        try {
            while (!closed) {
                ByteLink current = link;
                if (current == null) {
                    reopen();
                    continue;
                }
                int n;
                try {
                    n = current.read(buf);
                } catch (IOException e) {
                    if (closed) break;
                    lost(current, e.getMessage());
                    continue;
                }
                long now = System.nanoTime();
                if (n > 0) {
                    RawBytesListener raw = rawListener;
                    if (raw != null) raw.bytes(buf, n);
                    bytes += n;
                    if (firstByteNs < 0) firstByteNs = now;
                    arrivalS = now / 1e9;
                    feed(buf, n, now);
                }
                housekeeping(now);
                publish();
            }
        } finally {
            ByteLink last = link;
            if (last != null) {
                if (protocol == Protocol.HIPHIKE) sendQuietly(last, command(CMD_STOP_STREAMING));
                last.close();
            }
            link = null;
            if (decoder != null) decoder.finish(sink);
            publish();
            status(SourceStatus.State.ENDED, "closed " + path);
        }
    }

    @Override
    public void close() {
        closed = true;
        closedSignal.countDown();
        ByteLink l = link;
        if (l != null) l.close(); // wakes a blocked read
    }

    // ---- connection ----

    private void onOpened() {
        openedNs = System.nanoTime();
        helloAttempts = 0;
        wakeSent = false;
        if (protocol == Protocol.HIPHIKE) startHiphike();
    }

    private void startHiphike() {
        ByteLink l = link;
        if (l == null) return;
        // PROTOCOL.md 8.7: an idle 0x00 flushes a half-received command; GET_INFO unless HELLO came already; START
        sendQuietly(l, new byte[] {0});
        if (!helloSinceOpen) {
            sendQuietly(l, command(CMD_GET_INFO));
            helloSentNs = System.nanoTime();
            helloAttempts++;
        }
        sendQuietly(l, command(CMD_START_STREAMING));
    }

    private void lost(ByteLink current, String why) {
        current.close();
        link = null;
        // A WitMotion BLE packet is held until the next header confirms it: the last one before the loss is whole
        // (a notification is a packet), so it is emitted now, with its own arrival time, not after the reconnection.
        if (decoder != null && protocol == Protocol.WITMOTION_BLE) decoder.finish(sink);
        helloSinceOpen = false;
        status(SourceStatus.State.LOST, path + " went away (" + why + "); waiting for it to come back");
    }

    private void reopen() {
        try {
            ByteLink l = reopener.open();
            if (closed) {
                l.close();
                return;
            }
            link = l;
            reconnects++;
            lastSampleNs = System.nanoTime();
            status(SourceStatus.State.CONNECTING, path + " is back; reading again");
            onOpened();
        } catch (IOException e) {
            await(config.reconnectPoll().toNanos());
        }
    }

    /** Waits up to {@code ns}, returning early when the source is closed. */
    private void await(long ns) {
        try {
            closedSignal.await(ns, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void housekeeping(long now) throws IOException {
        if (decoder == null) {
            long sinceOpen = now - openedNs;
            if (!wakeSent && sinceOpen > WAKE_AFTER_NS && link != null) {
                // A hiphike sensor told to stop by an earlier session only sends STATUS: ask it to stream.
                // An idle 0x00 and a COBS frame mean nothing to the other protocols' devices.
                wakeSent = true;
                sendQuietly(link, new byte[] {0});
                sendQuietly(link, command(CMD_START_STREAMING));
            }
            if (headLen > 0 && now - firstByteNs > config.detectTimeout().toNanos()) {
                ProtocolDetector.Detection d = ProtocolDetector.detect(head, 0, headLen, detectionOptions());
                throw new IOException("nothing recognisable from " + path + " in " + config.detectTimeout().toSeconds()
                        + " s (" + headLen + " bytes; " + d.describeScores() + "). Check the baud rate (--baud, now "
                        + config.baudRate() + ") or name the protocol with --format.");
            }
        } else if (protocol == Protocol.HIPHIKE && !helloSinceOpen && helloAttempts < HELLO_ATTEMPTS
                && now - helloSentNs > HELLO_WAIT_NS && link != null) {
            sendQuietly(link, command(CMD_GET_INFO));
            helloSentNs = now;
            helloAttempts++;
        }
        if (decoder instanceof HiphikeDecoder h && h.unsupportedVersion().isPresent()) {
            throw new IOException(path + ": " + h.unsupportedVersion().get());
        }
        if (link != null && (state == SourceStatus.State.STREAMING || state == SourceStatus.State.CONNECTING)
                && now - lastSampleNs > config.silentAfter().toNanos()) {
            status(SourceStatus.State.SILENT, "no data from " + path + " for "
                    + Math.round((now - lastSampleNs) / 1e9) + " s: is the sensor on" + (decoder == null ? " and streaming?" : "?"));
        }
    }

    // ---- decoding ----

    private void feed(byte[] buf, int n, long now) throws IOException {
        if (decoder != null) {
            decoder.decode(buf, 0, n, sink);
            return;
        }
        if (protocol != null) {
            startDecoder(protocol, false);
            decoder.decode(buf, 0, n, sink);
            return;
        }
        int take = Math.min(n, head.length - headLen);
        System.arraycopy(buf, 0, head, headLen, take);
        headLen += take;
        if (headLen - headTriedAt < 128 && headLen < head.length) return;
        headTriedAt = headLen;
        ProtocolDetector.Detection d = ProtocolDetector.detect(head, 0, headLen, detectionOptions());
        if (d.verdict() == ProtocolDetector.Verdict.DETECTED) {
            startDecoder(d.protocol().orElseThrow(), true);
            decoder.decode(head, 0, headLen, sink);
            if (take < n) decoder.decode(buf, take, n - take, sink);
            if (protocol == Protocol.HIPHIKE) startHiphike();
        } else if (headLen >= head.length) {
            throw new IOException("nothing recognisable in the first " + headLen + " bytes from " + path + " ("
                    + d.describeScores() + "). Check the baud rate (--baud, now " + config.baudRate()
                    + ") or name the protocol with --format.");
        }
    }

    private DecoderOptions detectionOptions() {
        return config.decoder();
    }

    private void startDecoder(Protocol p, boolean wasDetected) {
        DecoderOptions options = config.decoder();
        if (p == Protocol.CSV_LINES && !options.csvFormat().hasTime() && options.rateHz().isEmpty()) {
            options = options.withRateHz(100);
        }
        protocol = p;
        detected = wasDetected;
        decoder = Decoders.create(p, options);
        if (decoder.timeSource() == TimeSource.REBUILT) rebuiltClock = new RebuiltClock();
        if (options.rateHz().isPresent()) intervalS = 1 / options.rateHz().getAsDouble();
        else if (rebuiltClock != null) intervalS = 1 / org.hiphike.protocol.WitMotionSerialDecoder.FACTORY_RATE_HZ;
    }

    private final SampleSink sink = new SampleSink() {
        @Override
        public void sample(ImuSample s) {
            deliver(s);
        }

        @Override
        public void deviceInfo(DeviceInfo info) {
            deviceInfo = info;
            helloSinceOpen = true;
            double hz = info.sampleRateHz();
            if (org.hiphike.core.SensorLimits.plausibleRate(hz)) {
                announcedRateHz = hz;
                if (!announcedDisagrees) intervalS = 1 / hz; // after a reconnect the HELLO says it again
            } else if (hz != 0) {
                rateNote = String.format(java.util.Locale.ROOT, "; the sensor announced %.4g Hz, which no IMU streams at:"
                        + " the rate is measured from its timestamps", hz);
            }
        }

        @Override
        public void deviceStatus(DeviceStatus status) {
            Integer battery = status.batteryPercent().isPresent() ? status.batteryPercent().getAsInt() : null;
            if (battery != null && !battery.equals(batteryPercent)) {
                batteryPercent = battery;
                if (state != null && listener != null) listener.status(new SourceStatus(state, "battery " + battery + "%", battery));
            }
        }
    };

    private void deliver(ImuSample s) {
        ImuSample out = s;
        if (rebuiltClock != null) {
            double t = rebuiltClock.timeOf(s.timeS(), arrivalS);
            if (t != s.timeS()) out = new ImuSample(t, s.accG(), s.gyroDps(), s.magUt());
            gaps = rebuiltClock.gaps();
        } else if (!Double.isNaN(lastTimeS)) {
            double dt = out.timeS() - lastTimeS;
            boolean learning = firstIntervalCount < firstIntervals.length;
            if (learning) learnInterval(dt);
            if (intervalS > 0 && dt > 1.5 * intervalS && !(learning && firstIntervalCount == firstIntervals.length)) {
                long lost = lostIn(dt);
                gaps++;
                dropped += lost;
                if (learning) {
                    gapsWhileLearning++;
                    droppedWhileLearning += lost;
                }
            }
        }
        lastTimeS = out.timeS();
        samples++;
        lastSampleNs = System.nanoTime();
        if (state != SourceStatus.State.STREAMING) {
            publish();
            status(SourceStatus.State.STREAMING, "streaming from " + path + " (" + protocol.cliName()
                    + (detected ? ", detected" : "") + ")" + rateWarning());
        }
        listener.sample(out);
    }

    /**
     * Protocols without timestamps take their times from the configured rate: without one, the sensor's
     * factory default is assumed, and a sensor set to another rate would get a stretched or squeezed time axis.
     */
    private String rateWarning() {
        if (rebuiltClock == null || config.decoder().rateHz().isPresent()) return rateNote;
        return String.format(java.util.Locale.ROOT, "; time is rebuilt from the rate and none was given, so %.0f Hz is"
                + " assumed: give the sensor's rate with --rate-hz (`hiphike ports --probe` measures it)", 1 / intervalS);
    }

    /**
     * The nominal interval of a protocol with device time: the median of the first intervals, when no rate was
     * announced or the announced one disagrees with it (a HELLO saying 200 Hz of a sensor streaming at 100 would
     * count every other sample lost). Gaps among those first intervals are then counted again with it.
     */
    private void learnInterval(double dt) {
        if (dt <= 0) return;
        firstIntervals[firstIntervalCount++] = dt;
        if (firstIntervalCount < firstIntervals.length) return;
        double[] sorted = firstIntervals.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        if (median <= 0) return;
        boolean disagrees = !Double.isNaN(announcedRateHz) && !org.hiphike.core.SensorLimits.ratesAgree(announcedRateHz, 1 / median);
        if (disagrees) {
            announcedDisagrees = true;
            rateNote = String.format(java.util.Locale.ROOT, "; the sensor announced %.4g Hz but its timestamps give %.4g Hz:"
                    + " that is used", announcedRateHz, 1 / median);
        }
        if (disagrees || intervalS <= 0) intervalS = median; // else the announced rate holds
        gaps -= gapsWhileLearning;
        dropped -= droppedWhileLearning;
        for (double d : firstIntervals) {
            if (d > 1.5 * intervalS) {
                gaps++;
                dropped += lostIn(d);
            }
        }
        if (disagrees && state == SourceStatus.State.STREAMING) {
            status(SourceStatus.State.STREAMING, "streaming from " + path + " (" + protocol.cliName()
                    + (detected ? ", detected" : "") + ")" + rateWarning());
        }
    }

    /** Samples lost in an interval of {@code dt} seconds at the nominal interval. */
    private long lostIn(double dt) { return Math.max(0, Math.round(dt / intervalS) - 1); }

    // ---- helpers ----

    private byte[] command(int id) {
        byte[] frame = SyntheticStreams.hiphikeFrame(id, hostSeq, new byte[0]);
        hostSeq = (hostSeq + 1) & 0xFFFF;
        return frame;
    }

    private static void sendQuietly(ByteLink l, byte[] bytes) {
        try {
            l.write(bytes);
        } catch (IOException e) {
            // a link that fails to write is found out by the next read
        }
    }

    private void status(SourceStatus.State s, String detail) {
        state = s;
        if (listener != null) listener.status(new SourceStatus(s, detail, batteryPercent));
    }

    private Stats snapshot() {
        long bad = 0, lostFrames = 0;
        if (decoder != null) {
            var st = decoder.stats();
            bad = st.badFrames();
            lostFrames = st.lostFrames();
        }
        double rate = intervalS > 0 ? 1 / intervalS : 0;
        return new Stats(path, protocol, detected, decoder == null ? null : decoder.timeSource(), bytes, samples, bad,
                lostFrames, gaps, dropped, reconnects, rate, deviceInfo, batteryPercent);
    }

    /** The device's HELLO, once it has sent one. */
    public Optional<DeviceInfo> deviceInfo() { return Optional.ofNullable(stats().deviceInfo()); }
}

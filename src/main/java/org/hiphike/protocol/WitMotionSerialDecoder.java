package org.hiphike.protocol;

/**
 * Decoder of the WitMotion serial protocol (WT901, BWT901CL, HWT905, WT901C...): 11-byte packets
 * {@code 0x55, type, 8 data bytes, checksum}, the checksum being the low byte of the sum of the first
 * ten bytes. Used: 0x51 acceleration (int16 / 32768 × 16 g), 0x52 angular velocity
 * (int16 / 32768 × 2000 °/s). Other types (0x50 time, 0x53 angle, 0x54 magnetic field, 0x59
 * quaternion...) are counted as unknown messages and skipped.
 * <p>
 * A sample is emitted when an acceleration packet is followed right away by an angular-velocity packet
 * (the sensor sends a cycle's packets in the order of their types); a packet whose partner was lost is
 * dropped and counted, and pairing resumes with the next cycle. On a bad checksum the decoder slides by one byte and
 * looks for the next 0x55. The protocol has no timestamp: time is rebuilt as {@code n / rateHz}, where
 * {@code n} also counts the cycles estimated lost from the bytes skipped between two good cycles.
 * <p>
 * The axes are the sensor's as printed on its case; the sensor's own factory default is 9600 baud,
 * 10 Hz output (see docs/sensors.md for switching to 115200 baud, 100 Hz).
 */
public final class WitMotionSerialDecoder extends AbstractDecoder {
    public static final double ACC_FULL_SCALE_G = 16;
    public static final double GYRO_FULL_SCALE_DPS = 2000;
    /** The sensor's factory output rate, Hz. */
    public static final double FACTORY_RATE_HZ = 10;
    static final int PACKET = 11;
    static final int TYPE_ACC = 0x51;
    static final int TYPE_GYRO = 0x52;

    private static final double ACC_SCALE = ACC_FULL_SCALE_G / 32768.0;
    private static final double GYRO_SCALE = GYRO_FULL_SCALE_DPS / 32768.0;

    private final double rateHz;
    private final byte[] pkt = new byte[PACKET];
    private int n;
    private boolean inSync;
    private long pos;                 // stream position of the next byte

    // the previous good packet, when it was acceleration or angular velocity and not yet paired
    private int pendingType;
    private long pendingEnd = -1;
    private int pax, pay, paz;

    private final RebuiltClock time;

    public WitMotionSerialDecoder(double rateHz) {
        super(DeviceClock.none());
        if (!(rateHz > 0) || !Double.isFinite(rateHz)) throw new IllegalArgumentException("rate must be > 0 Hz: " + rateHz);
        this.rateHz = rateHz;
        this.time = new RebuiltClock(rateHz);
    }

    @Override
    public Protocol protocol() { return Protocol.WITMOTION_SERIAL; }

    @Override
    public TimeSource timeSource() { return TimeSource.REBUILT; }

    public double rateHz() { return rateHz; }

    @Override
    public void decode(byte[] buf, int off, int len, SampleSink sink) {
        bytes += len;
        final byte[] pkt = this.pkt;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            pos++;
            if (n == 0) {
                if (b != 0x55) { skippedBytes++; time.markBad(); continue; }
                pkt[n++] = b;
                continue;
            }
            pkt[n++] = b;
            if (n < PACKET) continue;
            if (valid(pkt)) {
                n = 0;
                inSync = true;
                packet(sink);
            } else {
                if (inSync) badFrames++;
                inSync = false;
                time.markBad();
                slide();
            }
        }
    }

    /** Drops the first byte and restarts at the next 0x55 of the held bytes. */
    private void slide() {
        int k = 1;
        while (k < n && pkt[k] != 0x55) k++;
        skippedBytes += k;
        System.arraycopy(pkt, k, pkt, 0, n - k);
        n -= k;
        // the held bytes cannot make a whole packet (n < 11), so the next byte continues the scan
    }

    private static boolean valid(byte[] p) {
        int type = p[1] & 0xFF;
        if (type < 0x50 || type > 0x5F) return false;
        int sum = 0;
        for (int k = 0; k < 10; k++) sum += p[k];
        return (sum & 0xFF) == (p[10] & 0xFF);
    }

    private void packet(SampleSink sink) {
        frames++;
        frameBytes += PACKET;
        int type = pkt[1] & 0xFF;
        long start = pos - PACKET;
        if (type != TYPE_ACC && type != TYPE_GYRO) {
            unknownMessages++;
            pendingEnd = -1;
            return;
        }
        int x = Bytes.i16(pkt, 2), y = Bytes.i16(pkt, 4), z = Bytes.i16(pkt, 6);
        if (type == TYPE_GYRO) {
            // The sensor sends a cycle's packets in the order of their types: acceleration, then angular velocity. A
            // gyroscope packet pairs only with the acceleration right before it; one without it lost its cycle's
            // acceleration (a damaged byte) and is dropped, so the next cycle pairs its own two packets again instead
            // of one cycle's gyroscope with the next one's acceleration for ever after.
            if (pendingEnd == start && pendingType == TYPE_ACC) sample(sink, pax, pay, paz, x, y, z);
            else unpairedPackets++;
            pendingEnd = -1;
            return;
        }
        if (pendingEnd >= 0 && pendingType == TYPE_ACC) unpairedPackets++; // an acceleration whose gyroscope was lost
        pendingType = type;
        pendingEnd = pos;
        pax = x; pay = y; paz = z;
    }

    private long unpairedPackets;

    /** Acceleration or angular-velocity packets dropped because their cycle's other packet was lost. */
    public long unpairedPackets() { return unpairedPackets; }

    private void sample(SampleSink sink, int ax, int ay, int az, int gx, int gy, int gz) {
        double t = time.next(pos);
        lostFrames = time.lost();
        if (emit(sink, t, ax * ACC_SCALE, ay * ACC_SCALE, az * ACC_SCALE, gx * GYRO_SCALE, gy * GYRO_SCALE, gz * GYRO_SCALE)) {
            time.advance();
        }
    }
}

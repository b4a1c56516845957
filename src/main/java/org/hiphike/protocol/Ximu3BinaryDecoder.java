package org.hiphike.protocol;

/**
 * Decoder of x-IMU3 binary data messages: each message is byte-stuffed (SLIP with END = 0x0A:
 * 0x0A → DB DC, 0xDB → DB DD) and terminated by 0x0A. The inertial message is id 0xC9 (0x80 + 'I'),
 * u64 timestamp in µs, then six f32: gyroscope x, y, z in degrees per second, accelerometer x, y, z in g,
 * little-endian: 33 bytes unstuffed. Other binary messages (id ≥ 0x80) and the JSON command replies
 * that share the stream are counted as unknown messages.
 * <p>
 * No checksum: a message is accepted when its escapes are valid, its length is exactly 33, the floats
 * are finite and plausible and the timestamp continues the clock (see {@link Ximu3AsciiDecoder}).
 * Corruption inside the float bytes that leaves plausible values cannot be detected.
 */
public final class Ximu3BinaryDecoder extends AbstractDecoder {
    private final LookaheadClock timeline;
    private final double[] values = new double[6];

    static final int END = 0x0A;
    static final int ESC = 0xDB;
    static final int ESC_END = 0xDC;
    static final int ESC_ESC = 0xDD;
    static final int INERTIAL_ID = 0xC9;
    static final int INERTIAL_LENGTH = 1 + 8 + 6 * 4;
    static final int MAX_MESSAGE = 512;

    private final byte[] msg = new byte[MAX_MESSAGE];
    private int n;
    private int raw;                  // stuffed bytes of the current message
    private boolean escape;
    private boolean broken;           // bad escape or overflow: drop at the next END
    private boolean seenEnd;

    public Ximu3BinaryDecoder() {
        super(DeviceClock.none());
        this.timeline = new LookaheadClock(1e-6, Double.POSITIVE_INFINITY, Ximu3AsciiDecoder.MAX_STEP_S, 6);
    }

    @Override
    public Protocol protocol() { return Protocol.XIMU3_BINARY; }

    @Override
    public TimeSource timeSource() { return TimeSource.DEVICE; }

    @Override
    public void decode(byte[] buf, int off, int len, SampleSink sink) {
        bytes += len;
        final byte[] msg = this.msg;
        int end = off + len;
        for (int i = off; i < end; i++) {
            int b = buf[i] & 0xFF;
            if (b == END) {
                int rawLength = raw + 1;
                boolean first = !seenEnd;
                seenEnd = true;
                boolean ok = !broken && !escape;
                int length = n;
                n = 0; raw = 0; escape = false; broken = false;
                if (!ok) {
                    skippedBytes += rawLength;
                    if (!first) badFrames++;
                    continue;
                }
                message(length, rawLength, first, sink);
                continue;
            }
            raw++;
            if (broken) continue;
            if (escape) {
                escape = false;
                if (b == ESC_END) b = END;
                else if (b == ESC_ESC) b = ESC;
                else { broken = true; continue; }
            } else if (b == ESC) {
                escape = true;
                continue;
            }
            if (n < MAX_MESSAGE) msg[n++] = (byte) b;
            else broken = true;
        }
    }

    @Override
    public void finish(SampleSink sink) {
        currentSink = sink;
        timeline.finish(heldEmitter);
        skippedBytes += raw;
        n = 0; raw = 0; escape = false; broken = false;
    }

    private void message(int length, int rawLength, boolean first, SampleSink sink) {
        if (length == 0) return;
        int id = msg[0] & 0xFF;
        if (id != INERTIAL_ID) {
            // other binary data messages, and the JSON command replies that share the stream
            boolean known = id >= 0x80 || (id == '{' && msg[length - 1] == '}');
            if (known && !first) {
                frames++;
                frameBytes += rawLength;
                unknownMessages++;
            } else {
                skippedBytes += rawLength;
                if (!first) badFrames++;
            }
            return;
        }
        if (length != INERTIAL_LENGTH) {
            skippedBytes += rawLength;
            if (!first) badFrames++;
            return;
        }
        long timestampUs = Bytes.u64(msg, 1);
        double gx = Bytes.f32(msg, 9), gy = Bytes.f32(msg, 13), gz = Bytes.f32(msg, 17);
        double ax = Bytes.f32(msg, 21), ay = Bytes.f32(msg, 25), az = Bytes.f32(msg, 29);
        if (timestampUs < 0 || !Plausibility.plausible(ax, ay, az, gx, gy, gz)) {
            skippedBytes += rawLength;
            badFrames++;
            return;
        }
        frames++;
        frameBytes += rawLength;
        values[0] = ax; values[1] = ay; values[2] = az;
        values[3] = gx; values[4] = gy; values[5] = gz;
        currentSink = sink;
        timeline.offer(timestampUs, values, heldEmitter);
    }

    @Override
    protected long timestampRejects() { return timeline.dropped(); }

    @Override
    protected long timestampJumps() { return timeline.jumps(); }
}

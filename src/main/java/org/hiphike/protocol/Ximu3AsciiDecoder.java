package org.hiphike.protocol;

/**
 * Decoder of x-IMU3 ASCII data messages: the inertial message
 * {@code I,<timestamp µs>,<gyr x>,<gyr y>,<gyr z>,<acc x>,<acc y>,<acc z>} terminated by LF (CR LF accepted),
 * gyroscope in degrees per second, accelerometer in g, in the x-IMU3's own axes. Other data messages
 * (an uppercase letter and a comma: {@code Q}, {@code M}, {@code B}...) and command replies
 * ({@code {...}}) are counted as unknown messages.
 * <p>
 * No checksum: a line is accepted when it has exactly 8 fields, an integer timestamp and six numbers,
 * the values are plausible and the timestamp continues the clock (a step backwards or over
 * {@link #MAX_STEP_S} must be confirmed by the next message, see DeviceClock). A corrupted digit that
 * leaves a valid number cannot be detected.
 */
public final class Ximu3AsciiDecoder extends LineDecoder {
    private final LookaheadClock timeline;
    private final double[] values = new double[6];

    /** Longest timestamp step accepted without confirmation, seconds. */
    public static final double MAX_STEP_S = 5;

    private final int[] starts = new int[9];
    private final int[] ends = new int[9];

    public Ximu3AsciiDecoder() {
        super(DeviceClock.none());
        this.timeline = new LookaheadClock(1e-6, Double.POSITIVE_INFINITY, MAX_STEP_S, 6);
    }

    @Override
    public Protocol protocol() { return Protocol.XIMU3_ASCII; }

    @Override
    public TimeSource timeSource() { return TimeSource.DEVICE; }

    @Override
    protected boolean lineLooksWhole(byte[] line, int length) {
        return length >= 2 && ((line[0] >= 'A' && line[0] <= 'Z' && line[1] == ',') || line[0] == '{');
    }

    @Override
    protected void line(int length, SampleSink sink) {
        final byte[] l = line;
        if (length == 0) return;
        if (l[0] == '{' || (l[0] != 'I' && l[0] >= 'A' && l[0] <= 'Z' && length > 1 && l[1] == ',')) {
            frames++;
            frameBytes += rawLength;
            unknownMessages++;
            return;
        }
        if (l[0] != 'I' || split(l, length, starts, ends) != 8 || ends[0] != 1) {
            bad();
            return;
        }
        long timestampUs = Ascii.parseUnsigned(l, starts[1], ends[1]);
        if (timestampUs < 0) { bad(); return; }
        double gx = Ascii.parseDouble(l, starts[2], ends[2]);
        double gy = Ascii.parseDouble(l, starts[3], ends[3]);
        double gz = Ascii.parseDouble(l, starts[4], ends[4]);
        double ax = Ascii.parseDouble(l, starts[5], ends[5]);
        double ay = Ascii.parseDouble(l, starts[6], ends[6]);
        double az = Ascii.parseDouble(l, starts[7], ends[7]);
        if (!Plausibility.plausible(ax, ay, az, gx, gy, gz)) {
            // covers NaN (not a number) and corrupted digits that made a huge value
            bad();
            return;
        }
        frames++;
        frameBytes += rawLength;
        values[0] = ax; values[1] = ay; values[2] = az;
        values[3] = gx; values[4] = gy; values[5] = gz;
        currentSink = sink;
        timeline.offer(timestampUs, values, heldEmitter);
    }

    private void bad() {
        badFrames++;
        skippedBytes += rawLength;
    }

    @Override
    protected long timestampRejects() { return timeline.dropped(); }

    @Override
    protected long timestampJumps() { return timeline.jumps(); }

    @Override
    public void finish(SampleSink sink) {
        super.finish(sink);
        currentSink = sink;
        timeline.finish(heldEmitter);
    }
}

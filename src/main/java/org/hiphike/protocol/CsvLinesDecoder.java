package org.hiphike.protocol;

import java.util.List;

/**
 * Decoder of plain numeric text lines ({@link CsvLinesFormat}). Fields are separated by commas,
 * semicolons, tabs or spaces. Lines whose first character is {@code #} or a letter are headers or
 * comments (counted as unknown messages); blank lines are ignored; every other line must hold exactly
 * the configured number of numbers, or it is a bad frame.
 * <p>
 * With a time column the times are the device's (millisecond and microsecond counters are unwrapped
 * at 2^32, as Arduino {@code millis()} and {@code micros()} wrap); without one they are rebuilt from the
 * rate, and each bad line counts as one lost sample.
 */
public final class CsvLinesDecoder extends LineDecoder {
    private final int fieldCount;
    private final int[] roleOfField;      // Column ordinal per field
    private final double accToG;
    private final double gyroToDps;
    private final boolean hasTime;
    private final RebuiltClock rebuilt;   // null when the lines carry time
    private final int[] starts;
    private final int[] ends;
    private final double[] values = new double[CsvLinesFormat.Column.values().length];
    private final LookaheadClock timeline;     // null when time is rebuilt
    private final double[] held = new double[6];

    /**
     * @param rateHz sample rate for rebuilt time; required (> 0) when the format has no time column,
     *               ignored otherwise
     */
    public CsvLinesDecoder(CsvLinesFormat format, double rateHz) {
        super(DeviceClock.none());
        double tick = format.timeUnit().seconds();
        // millis() and micros() counters wrap at 2^32; seconds are not counters
        double wrap = format.timeUnit() == CsvLinesFormat.TimeUnit.SECONDS ? Double.POSITIVE_INFINITY : Math.scalb(1.0, 32) * tick;
        this.timeline = format.hasTime() ? new LookaheadClock(tick, wrap, Ximu3AsciiDecoder.MAX_STEP_S, 6) : null;
        List<CsvLinesFormat.Column> columns = format.columns();
        this.fieldCount = columns.size();
        this.roleOfField = new int[fieldCount];
        for (int i = 0; i < fieldCount; i++) roleOfField[i] = columns.get(i).ordinal();
        this.hasTime = format.hasTime();
        this.accToG = format.accToG();
        this.gyroToDps = format.gyroToDps();
        this.rebuilt = hasTime ? null : new RebuiltClock(rateHz);
        this.starts = new int[fieldCount + 1];
        this.ends = new int[fieldCount + 1];
    }

    @Override
    public Protocol protocol() { return Protocol.CSV_LINES; }

    @Override
    public TimeSource timeSource() { return hasTime ? TimeSource.DEVICE : TimeSource.REBUILT; }

    private static boolean separator(byte b) {
        return b == ',' || b == ';' || b == '\t' || b == ' ';
    }

    private static boolean isLetterOrHash(byte b) {
        return b == '#' || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    @Override
    protected boolean lineLooksWhole(byte[] line, int length) {
        int i = 0;
        while (i < length && separator(line[i])) i++;
        if (i == length || isLetterOrHash(line[i])) return true;
        return fields(line, length) == fieldCount && parse(line);
    }

    /** Splits into fields at runs of separators; returns the count (fieldCount + 1 when there are more). */
    private int fields(byte[] line, int length) {
        int count = 0;
        int i = 0;
        while (true) {
            while (i < length && separator(line[i])) i++;
            if (i >= length) return count;
            if (count > fieldCount) return count;
            if (count == starts.length) return count + 1;
            starts[count] = i;
            while (i < length && !separator(line[i])) i++;
            ends[count] = i;
            count++;
        }
    }

    private boolean parse(byte[] line) {
        for (int f = 0; f < fieldCount; f++) {
            double v = Ascii.parseDouble(line, starts[f], ends[f]);
            if (Double.isNaN(v)) return false;
            values[roleOfField[f]] = v;
        }
        return true;
    }

    @Override
    protected void lineTooLong() {
        badFrames++;
        if (rebuilt != null) {
            rebuilt.addLost(1);
            lostFrames = rebuilt.lost();
        }
    }

    @Override
    protected void line(int length, SampleSink sink) {
        final byte[] l = line;
        int i = 0;
        while (i < length && separator(l[i])) i++;
        if (i == length) return;                                // blank line
        if (isLetterOrHash(l[i])) {                             // header or comment
            unknownMessages++;       // not counted in frameBytes: any text has such lines
            return;
        }
        if (fields(l, length) != fieldCount || !parse(l)) {
            bad();
            return;
        }
        double[] v = values;
        double ax = v[1] * accToG, ay = v[2] * accToG, az = v[3] * accToG;
        double gx = v[4] * gyroToDps, gy = v[5] * gyroToDps, gz = v[6] * gyroToDps;
        if (!Plausibility.plausible(ax, ay, az, gx, gy, gz)) {
            bad();
            return;
        }
        if (hasTime) {
            double raw = v[0];
            if (!(raw >= 0) || raw > 1e18) { bad(); return; }
            frames++;
            frameBytes += rawLength;
            held[0] = ax; held[1] = ay; held[2] = az;
            held[3] = gx; held[4] = gy; held[5] = gz;
            currentSink = sink;
            timeline.offer(raw, held, heldEmitter);
        } else {
            frames++;
            frameBytes += rawLength;
            double t = rebuilt.next(pos);
            if (emit(sink, t, ax, ay, az, gx, gy, gz)) rebuilt.advance();
        }
    }

    private void bad() {
        badFrames++;
        skippedBytes += rawLength;
        if (rebuilt != null) {
            rebuilt.addLost(1);
            lostFrames = rebuilt.lost();
        }
    }

    @Override
    public void finish(SampleSink sink) {
        super.finish(sink);
        if (timeline != null) {
            currentSink = sink;
            timeline.finish(heldEmitter);
        }
    }

    @Override
    protected long timestampRejects() { return timeline == null ? 0 : timeline.dropped(); }

    @Override
    protected long timestampJumps() { return timeline == null ? 0 : timeline.jumps(); }
}

package org.hiphike.protocol;

/**
 * Base of the text line protocols: splits the stream at LF (a CR before it is dropped), holds at most
 * {@link #MAX_LINE} bytes of a line, and hands each complete line to {@link #line}. The bytes before the
 * first LF are a partial line when a capture starts mid-stream: they are skipped, not counted bad.
 */
abstract class LineDecoder extends AbstractDecoder {
    static final int MAX_LINE = 256;

    protected final byte[] line = new byte[MAX_LINE];
    private int n;
    private boolean overflow;
    private boolean seenNewline;
    protected long pos;
    /** Stream bytes of the line being handled, with its CR and LF. */
    protected int rawLength;

    LineDecoder(DeviceClock clock) {
        super(clock);
    }

    @Override
    public void decode(byte[] buf, int off, int len, SampleSink sink) {
        bytes += len;
        final byte[] line = this.line;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            pos++;
            if (b != '\n') {
                if (n < MAX_LINE) line[n++] = b;
                else overflow = true;
                continue;
            }
            int length = n;
            n = 0;
            boolean first = !seenNewline;
            seenNewline = true;
            if (overflow) {
                overflow = false;
                skippedBytes += length + 1;
                if (!first) lineTooLong();
                continue;
            }
            rawLength = length + 1;
            if (length > 0 && line[length - 1] == '\r') length--;
            if (first) {
                // a capture may start mid-line: only a complete, valid line counts
                if (!lineLooksWhole(line, length)) { skippedBytes += rawLength; continue; }
            }
            line(length, sink);
        }
    }

    @Override
    public void finish(SampleSink sink) {
        if (n > 0 && !overflow) {
            int length = n;
            rawLength = n;
            if (line[length - 1] == '\r') length--;
            n = 0;
            line(length, sink);        // a last line without LF
        } else if (n > 0) {
            skippedBytes += n;
        }
        n = 0;
        overflow = false;
    }

    /** Whether the first line of a stream is whole (used to tell a mid-line start from a bad line). */
    protected abstract boolean lineLooksWhole(byte[] line, int length);

    /** A line longer than {@link #MAX_LINE} was dropped. */
    protected void lineTooLong() {
        badFrames++;
    }

    /** One line, without its CR LF, in {@code line[0..length)}. */
    protected abstract void line(int length, SampleSink sink);

    /** Splits {@code line[0..length)} at {@code sep}; returns the number of fields, at most {@code starts.length}. */
    static int split(byte[] line, int length, int[] starts, int[] ends) {
        int count = 0;
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || line[i] == ',') {
                if (count == starts.length) return count + 1;
                starts[count] = start;
                ends[count] = i;
                count++;
                start = i + 1;
            }
        }
        return count;
    }
}

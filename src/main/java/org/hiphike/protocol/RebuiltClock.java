package org.hiphike.protocol;

/**
 * Sample times for protocols without timestamps: {@code index / rateHz}. The index also counts output
 * cycles estimated lost: the decoder learns how many stream bytes one clean cycle takes, and when bad
 * bytes were skipped between two samples, the byte distance tells how many cycles went missing.
 */
final class RebuiltClock {
    private final double rateHz;
    private long index;
    private long lastEnd = -1;
    private boolean badSince;
    private long cycleBytes;
    private long lost;

    RebuiltClock(double rateHz) {
        if (!(rateHz > 0) || !Double.isFinite(rateHz)) throw new IllegalArgumentException("rate must be > 0 Hz: " + rateHz);
        this.rateHz = rateHz;
    }

    double rateHz() { return rateHz; }

    /** Bytes were skipped or a frame was bad since the last sample. */
    void markBad() { badSince = true; }

    /** Counts {@code n} samples known to be lost (e.g. one bad line of a line protocol). */
    void addLost(long n) {
        index += n;
        lost += n;
        badSince = false;
    }

    /** The time of a sample whose last byte is at stream position {@code end} (exclusive). */
    double next(long end) {
        if (lastEnd >= 0) {
            long gap = end - lastEnd;
            if (!badSince) {
                cycleBytes = gap;
            } else if (cycleBytes > 0 && gap > cycleBytes + cycleBytes / 2) {
                long missing = Math.round((double) gap / cycleBytes) - 1;
                index += missing;
                lost += missing;
            }
        }
        lastEnd = end;
        badSince = false;
        return index / rateHz;
    }

    /** The sample whose time {@link #next} gave was emitted. */
    void advance() { index++; }

    long lost() { return lost; }
}

package org.hiphike.recording;

import java.util.Map;

/**
 * The figures of {@link Recording#summary()} gathered one sample time at a time in bounded memory: the rate needs
 * the first 2002 times, the dropped samples each interval once the rate is known. Gives exactly what a
 * {@link Recording} of the same samples computes.
 */
final class RecordingStats {
    private static final int HEAD = 2002;
    private final double[] head = new double[HEAD];
    private long count;
    private double first, last;
    private double nominalS; // 1 / nominal rate, once known; NaN before; 0 when there is none
    private long dropped;
    private final Map<String, String> metadata;

    RecordingStats(Map<String, String> metadata) {
        this.metadata = metadata;
        this.nominalS = Double.NaN;
    }

    void add(double timeS) {
        if (count == 0) first = timeS;
        if (count < HEAD) {
            head[(int) count] = timeS;
            if (count == HEAD - 1) {
                count++;
                last = timeS;
                settleRate();
                return;
            }
        } else if (nominalS > 0) {
            countGap(timeS - last);
        }
        count++;
        last = timeS;
    }

    /** The rate is now known: count the gaps among the times kept so far. */
    private void settleRate() {
        double rate = nominalRateHz();
        nominalS = rate <= 0 ? 0 : 1.0 / rate;
        if (nominalS > 0) for (int i = 1; i < Math.min(count, HEAD); i++) countGap(head[i] - head[i - 1]);
    }

    // Each interval is counted when the next one is known (Recording.missingIn): jitter gives back what it took.
    private double pendingDt = Double.NaN;

    private void countGap(double dt) {
        if (!Double.isNaN(pendingDt)) dropped += Recording.missingIn(pendingDt, dt, nominalS);
        pendingDt = dt;
    }

    long count() { return count; }

    double durationS() { return count == 0 ? 0 : last - first; }

    double nominalRateHz() {
        return Recording.nominalRateHz(metadata, Recording.measuredRateHz(head, (int) Math.min(count, HEAD)));
    }

    int droppedSamples(int clockRestarts) {
        if (Double.isNaN(nominalS)) settleRate();
        if (!(nominalS > 0)) return 0;
        long restartGaps = clockRestarts * Math.max(0, Math.round(CsvRecordingReader.RESTART_GAP_S / nominalS) - 1);
        long d = dropped + (Double.isNaN(pendingDt) ? 0 : Recording.missingIn(pendingDt, Double.NaN, nominalS)) - restartGaps;
        if (count > 1) d = Math.min(d, Recording.spanShortfall(durationS(), count, nominalS) - restartGaps);
        d = Math.max(0, d);
        return (int) Math.min(Integer.MAX_VALUE, d);
    }

}

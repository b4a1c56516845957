package org.hiphike.recording;

import java.util.Map;

/**
 * The figures of {@link Recording#summary()} gathered one sample time at a time in bounded memory: the rate needs
 * the first 2002 times, the dropped samples each interval once the rate is known. Gives exactly what a
 * {@link Recording} of the same samples computes.
 */
public final class RecordingStats {
    private static final int HEAD = 2002;
    private final double[] head = new double[HEAD];
    private long count;
    private double first, last;
    private double nominalS; // 1 / nominal rate, once known; NaN before; 0 when there is none
    private long dropped;
    private final Map<String, String> metadata;

    /** @param metadata the recording's metadata: its {@code rate_hz} is the nominal rate when the stamps agree */
    public RecordingStats(Map<String, String> metadata) {
        this.metadata = metadata;
        this.nominalS = Double.NaN;
    }

    /** One more sample, stamped {@code timeS} seconds. */
    public void add(double timeS) {
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

    /** Samples so far. */
    public long count() { return count; }

    /** The last sample's time less the first's, seconds; 0 before two samples. */
    public double durationS() { return count == 0 ? 0 : last - first; }

    /** The nominal rate, hertz ({@link Recording#nominalRateHz()}); 0 when not known. */
    public double nominalRateHz() {
        return Recording.nominalRateHz(metadata, Recording.measuredRateHz(head, (int) Math.min(count, HEAD)));
    }

    /**
     * Samples missing by the clock so far ({@link Recording#droppedSamples()}), less the gaps of {@code clockRestarts}
     * restarts of the device's clock.
     */
    public int droppedSamples(int clockRestarts) {
        double nominal = nominalS, pending = pendingDt;
        long counted = dropped;
        if (Double.isNaN(nominal)) {
            // The rate is not settled yet (fewer than 2002 samples): count over the times kept, leaving it unsettled
            // so that more samples may still come (a live session's report is asked for part way).
            double rate = nominalRateHz();
            nominal = rate <= 0 ? 0 : 1.0 / rate;
            pending = Double.NaN;
            counted = 0;
            if (nominal > 0) {
                for (int i = 1; i < count; i++) {
                    double dt = head[i] - head[i - 1];
                    if (!Double.isNaN(pending)) counted += Recording.missingIn(pending, dt, nominal);
                    pending = dt;
                }
            }
        }
        if (!(nominal > 0)) return 0;
        long restartGaps = clockRestarts * Math.max(0, Math.round(CsvRecordingReader.RESTART_GAP_S / nominal) - 1);
        long d = counted + (Double.isNaN(pending) ? 0 : Recording.missingIn(pending, Double.NaN, nominal)) - restartGaps;
        if (count > 1) d = Math.min(d, Recording.spanShortfall(durationS(), count, nominal) - restartGaps);
        d = Math.max(0, d);
        return (int) Math.min(Integer.MAX_VALUE, d);
    }

}

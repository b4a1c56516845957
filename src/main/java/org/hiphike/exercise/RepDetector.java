package org.hiphike.exercise;

/**
 * Stage "rep detection": the definitions of spec section 4 as a state machine over the drop angle of
 * each sample. An excursion leaves level (more than {@code level_deg} from the level posture), and it is
 * a rep candidate when its peak reaches {@code min_peak_deg} and it comes back to level. It also gives
 * the live phase the page and the cues follow:
 *
 * <ul>
 *   <li>LOWERING while the drop deepens;</li>
 *   <li>HOLD once it has stopped deepening ({@link Settings#deepeningDeg} in {@link Settings#settleS}) at a
 *       rep's depth: the pelvis has reached the bottom. The hold timer counts from where the drop entered the
 *       hold band of its peak, as the report's {@code hold_s} does; the time since the bottom was reached is
 *       what the prescribed hold is counted against, and a sag within the hold band does not start it anew;</li>
 *   <li>RAISING once it has left the hold band on the way back.</li>
 * </ul>
 */
public final class RepDetector {
    /**
     * Settings, with named defaults.
     *
     * @param deepeningDeg the drop is still deepening while it gains this much within the settle time (deg):
     *                     half the hold band, more than a held pelvis sways
     * @param settleS      the settle time (s)
     * @param maxRepS      an excursion that stays away from level longer than this is not a rep (s): a slow drop of
     *                     6 s, a hold of 5 s and the raise take 14 s
     */
    public record Settings(double deepeningDeg, double settleS, double maxRepS) {
        public static final Settings DEFAULTS = new Settings(0.5, 0.25, 20.0);
    }

    /** What a sample did to the excursion. */
    enum Event { NONE, STARTED, ENDED, ABANDONED }

    private final Settings settings;
    private final Thresholds thresholds;
    private final Trace trace;
    private final double[] drops = new double[Trace.CAPACITY]; // signed drop of each index, as detected
    private boolean inExcursion;
    private int sign;
    private long start;            // index of the last level sample before the excursion
    private double peak;           // largest drop toward the excursion's side
    private long peakIndex;
    private double bandEntryS;     // where the drop entered the hold band of the current peak
    private double anchorDeg, anchorS; // the drop deepened last at anchorS, to anchorDeg
    private double bottomS = Double.NaN, bottomDeg; // where the pelvis stopped at the bottom (NaN until it has)
    private Phase phase = Phase.LEVEL;
    // the excursion that ended last
    private long endedStart, endedEnd;
    private int endedSign;
    private double endedPeak;

    RepDetector(Settings settings, Thresholds thresholds, Trace trace) {
        this.settings = settings;
        this.thresholds = thresholds;
        this.trace = trace;
    }

    /** Forgets any excursion (a new level posture, or motion that is not the exercise). */
    void reset() {
        inExcursion = false;
        phase = Phase.LEVEL;
    }

    /** The drop angle of sample {@code k} (degrees, positive when the left side is down) as detected. */
    double drop(long k) { return drops[(int) (k & (Trace.CAPACITY - 1))]; }

    /** Feeds sample {@code k} with its drop angle; what it did to the excursion. */
    Event update(long k, double dropDeg) {
        drops[(int) (k & (Trace.CAPACITY - 1))] = dropDeg;
        double t = trace.t(k);
        double level = thresholds.levelDeg();
        if (!inExcursion) {
            if (Math.abs(dropDeg) > level) {
                begin(k, dropDeg > 0 ? 1 : -1, dropDeg);
                return Event.STARTED;
            }
            phase = Phase.LEVEL;
            return Event.NONE;
        }
        double x = sign * dropDeg;
        if (x > peak) {
            peak = x;
            peakIndex = k;
            bandEntryS = bandEntry(k);
        }
        if (x > anchorDeg + settings.deepeningDeg()) {
            anchorDeg = x;
            anchorS = t;
        }
        if (t - trace.t(start) > settings.maxRepS()) {
            inExcursion = false;
            phase = Phase.LEVEL;
            return Event.ABANDONED;
        }
        if (x <= level) {
            endedStart = start;
            endedEnd = k;
            endedSign = sign;
            endedPeak = peak;
            inExcursion = false;
            phase = Phase.LEVEL;
            if (-x > level) begin(k, -sign, dropDeg); // passed straight through level between two samples
            return Event.ENDED;
        }
        // A pelvis that sags during the hold is still holding; one that goes down by more than the hold band
        // has gone on lowering to a new bottom.
        if (!Double.isNaN(bottomS) && x > bottomDeg + thresholds.holdBandDeg()) bottomS = Double.NaN;
        boolean inBand = x >= peak - thresholds.holdBandDeg();
        boolean settled = t - anchorS >= settings.settleS();
        if (!inBand) phase = Phase.RAISING;
        else if (settled && peak >= thresholds.minPeakDeg()) phase = Phase.HOLD;
        else phase = Phase.LOWERING;
        if (phase == Phase.HOLD && Double.isNaN(bottomS)) {
            bottomS = anchorS;
            bottomDeg = anchorDeg;
        }
        return Event.NONE;
    }

    private void begin(long k, int newSign, double dropDeg) {
        inExcursion = true;
        sign = newSign;
        start = Math.max(trace.oldest(), k - 1);
        peak = sign * dropDeg;
        peakIndex = k;
        bandEntryS = trace.t(k);
        anchorDeg = peak;
        anchorS = trace.t(k);
        bottomS = Double.NaN;
        phase = Phase.LOWERING;
    }

    /** The last time before sample k at which the drop crossed into the hold band of the peak at k. */
    private double bandEntry(long k) {
        double band = peak - thresholds.holdBandDeg();
        long j = k;
        while (j > start && sign * drop(j - 1) >= band) j--;
        if (j == start || j == k && sign * drop(j) < band) return trace.t(j);
        double d0 = sign * drop(j - 1), d1 = sign * drop(j);
        double f = d1 == d0 ? 0 : (band - d0) / (d1 - d0);
        return trace.t(j - 1) + Math.max(0, Math.min(1, f)) * (trace.t(j) - trace.t(j - 1));
    }

    /** Replaces the drop angle stored for sample {@code k} (the level was taken anew). */
    void setDrop(long k, double dropDeg) { drops[(int) (k & (Trace.CAPACITY - 1))] = dropDeg; }

    /**
     * Takes up an excursion toward {@code newSign} that left level after sample {@code from}, with the drops of
     * {@code from..k} as stored (the level was taken anew at a rest the wearer had settled into).
     */
    void resume(long from, long k, int newSign) {
        inExcursion = true;
        sign = newSign;
        start = from;
        peak = Double.NEGATIVE_INFINITY;
        for (long j = from; j <= k; j++) {
            if (sign * drop(j) > peak) {
                peak = sign * drop(j);
                peakIndex = j;
            }
        }
        bandEntryS = bandEntry(peakIndex);
        anchorDeg = peak;
        anchorS = trace.t(peakIndex);
        bottomS = Double.NaN;
        phase = Phase.LOWERING;
    }

    boolean inExcursion() { return inExcursion; }

    int sign() { return sign; }

    long start() { return start; }

    /** The current excursion's peak toward its side, degrees. */
    double peak() { return peak; }

    long peakIndex() { return peakIndex; }

    Phase phase() { return phase; }

    /** Seconds in the hold band of the current peak at time t (0 unless holding). */
    double holdS(double t) { return phase == Phase.HOLD ? t - bandEntryS : 0; }

    /**
     * Seconds since the pelvis reached the bottom and stopped deepening, at time t (0 unless holding). A sag within
     * the hold band does not start the count anew.
     */
    double sinceBottomS(double t) { return phase == Phase.HOLD && !Double.isNaN(bottomS) ? t - bottomS : 0; }

    long endedStart() { return endedStart; }
    long endedEnd() { return endedEnd; }
    int endedSign() { return endedSign; }
    double endedPeak() { return endedPeak; }
}

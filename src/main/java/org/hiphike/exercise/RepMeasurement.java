package org.hiphike.exercise;

/**
 * Stage "rep measurement": a rep's times and angles by the definitions of spec section 4, on its stored
 * drop angle trace, with threshold crossings interpolated linearly between samples.
 *
 * @param startS  last time before the peak at which the drop angle was level
 * @param bottomS time of the peak
 * @param endS    first time after the peak at which the drop angle is level again
 * @param peakDeg the largest drop angle
 * @param holdS   the unbroken stretch around the peak within the hold band of it
 * @param lowerS  from the start to the start of the hold
 * @param raiseS  from the end of the hold to the end
 * @param bottom  index of the peak in the arrays measured
 */
record RepMeasurement(double startS, double bottomS, double endS, double peakDeg, double holdS, double lowerS,
        double raiseS, int bottom) {

    /**
     * Measures the rep whose peak lies in {@code from..to} of {@code drop} (degrees, positive toward the
     * rep's side) sampled at {@code times}; null when the peak is under the minimum.
     */
    static RepMeasurement of(double[] times, double[] drop, int from, int to, Thresholds thresholds) {
        int len = times.length;
        int peak = from;
        for (int k = from; k <= to; k++) if (drop[k] > drop[peak]) peak = k;
        double peakDeg = drop[peak];
        if (peakDeg < thresholds.minPeakDeg()) return null;
        double level = thresholds.levelDeg();
        int before = peak;
        while (before > 0 && drop[before] > level) before--;
        int after = peak;
        while (after < len - 1 && drop[after] > level) after++;
        double startS = drop[before] <= level ? cross(times, drop, before, before + 1, level) : times[before];
        double endS = drop[after] <= level ? cross(times, drop, after - 1, after, level) : times[after];
        double band = peakDeg - thresholds.holdBandDeg();
        int h0 = peak;
        while (h0 > before && drop[h0 - 1] >= band) h0--;
        int h1 = peak;
        while (h1 < after && drop[h1 + 1] >= band) h1++;
        double holdStartS = h0 > before ? cross(times, drop, h0 - 1, h0, band) : times[h0];
        double holdEndS = h1 < after ? cross(times, drop, h1, h1 + 1, band) : times[h1];
        return new RepMeasurement(startS, times[peak], endS, peakDeg, holdEndS - holdStartS, holdStartS - startS,
                endS - holdEndS, peak);
    }

    /** Time at which the line between samples a and b crosses {@code value}. */
    static double cross(double[] ts, double[] v, int a, int b, double value) {
        double dv = v[b] - v[a];
        if (dv == 0) return ts[a];
        double f = (value - v[a]) / dv;
        return ts[a] + Math.max(0, Math.min(1, f)) * (ts[b] - ts[a]);
    }
}

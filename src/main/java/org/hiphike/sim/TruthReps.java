package org.hiphike.sim;

import java.util.ArrayList;
import java.util.List;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Side;
import org.hiphike.exercise.Thresholds;

/**
 * The rep definitions of spec section 4 applied to a densely sampled drop-angle trace. Crossing times
 * of the level and hold-band thresholds are interpolated linearly between samples.
 */
public final class TruthReps {
    private TruthReps() {}

    /**
     * The reps in a trace, not yet numbered (index and set 0).
     *
     * @param timeS   sample times, seconds, increasing
     * @param dropDeg drop angle at each time, degrees, positive = the hanging side down
     * @param sinkCm  sink of the support hip joint below its level-posture height, centimetres
     * @param side    the side that drops
     */
    public static List<Rep> find(double[] timeS, double[] dropDeg, double[] sinkCm, Side side, Thresholds thresholds) {
        List<Rep> reps = new ArrayList<>();
        double level = thresholds.levelDeg();
        int n = timeS.length;
        int i = 0;
        while (i < n) {
            if (Math.abs(dropDeg[i]) <= level) {
                i++;
                continue;
            }
            // An excursion out of level: samples first..last; it must be entered and left from level.
            int first = i;
            int last = i;
            while (last + 1 < n && Math.abs(dropDeg[last + 1]) > level) last++;
            i = last + 1;
            if (first == 0 || last == n - 1) continue; // not seen leaving or coming back to level
            int peak = first;
            for (int k = first; k <= last; k++) if (dropDeg[k] > dropDeg[peak]) peak = k;
            double peakDeg = dropDeg[peak];
            if (peakDeg < thresholds.minPeakDeg()) continue;
            double startS = crossing(timeS, dropDeg, first - 1, first, level);
            double endS = crossing(timeS, dropDeg, last, last + 1, level);
            double band = peakDeg - thresholds.holdBandDeg();
            int holdFirst = peak;
            while (holdFirst - 1 >= 0 && dropDeg[holdFirst - 1] >= band) holdFirst--;
            int holdLast = peak;
            while (holdLast + 1 < n && dropDeg[holdLast + 1] >= band) holdLast++;
            double holdStartS = holdFirst == 0 ? timeS[0] : crossing(timeS, dropDeg, holdFirst - 1, holdFirst, band);
            double holdEndS = holdLast == n - 1 ? timeS[n - 1] : crossing(timeS, dropDeg, holdLast, holdLast + 1, band);
            double kneeDropCm = 0;
            for (int k = first; k <= last; k++) kneeDropCm = Math.max(kneeDropCm, sinkCm[k]);
            double holdS = holdEndS - holdStartS;
            double lowerS = holdStartS - startS;
            double raiseS = endS - holdEndS;
            List<Fault> faults = List.copyOf(thresholds.faultsOf(peakDeg, kneeDropCm, holdS, lowerS));
            reps.add(new Rep(0, 0, side, startS, timeS[peak], endS, peakDeg, holdS, lowerS, raiseS, kneeDropCm, faults));
        }
        return reps;
    }

    /** Time at which the line through samples a and b reaches {@code value}. */
    static double crossing(double[] timeS, double[] valueDeg, int a, int b, double value) {
        double va = valueDeg[a];
        double vb = valueDeg[b];
        if (vb == va) return timeS[b];
        double f = (value - va) / (vb - va);
        f = Math.max(0, Math.min(1, f));
        return timeS[a] + f * (timeS[b] - timeS[a]);
    }
}

package org.hiphike.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Side;
import org.hiphike.exercise.Thresholds;
import org.junit.jupiter.api.Test;

class TruthRepsTest {
    private static final double RATE_HZ = 1000;

    /** Piecewise-linear trace through (time, value) knots, sampled at 1 kHz over [0, endS]. */
    private static double[][] trace(double endS, double... knots) {
        int n = (int) Math.round(endS * RATE_HZ) + 1;
        double[] t = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i / RATE_HZ;
            v[i] = interpolate(knots, t[i]);
        }
        return new double[][] {t, v};
    }

    private static double interpolate(double[] knots, double t) {
        if (t <= knots[0]) return knots[1];
        for (int k = 2; k < knots.length; k += 2) {
            if (t <= knots[k]) {
                double f = (t - knots[k - 2]) / (knots[k] - knots[k - 2]);
                return knots[k - 1] + f * (knots[k + 1] - knots[k - 1]);
            }
        }
        return knots[knots.length - 1];
    }

    @Test
    void trapezoidDropGivesKnownTimes() {
        // Level until 2 s, down to 10 degrees at 4 s, held to 6 s, back to 0 at 8 s.
        double[][] drop = trace(12, 0, 0, 2, 0, 4, 10, 6, 10, 8, 0, 12, 0);
        double[][] sink = trace(12, 0, 0, 2, 0, 4, 3, 6, 3, 8, 0, 12, 0);
        List<Rep> reps = TruthReps.find(drop[0], drop[1], sink[1], Side.LEFT, Thresholds.DEFAULTS);
        assertEquals(1, reps.size());
        Rep r = reps.get(0);
        assertEquals(2.3, r.startS(), 1e-6);   // 1.5 degrees on the way down
        assertEquals(7.7, r.endS(), 1e-6);     // 1.5 degrees on the way up
        assertEquals(10, r.peakDropDeg(), 1e-9);
        assertTrue(r.bottomS() >= 4 && r.bottomS() <= 6, "bottom in the hold: " + r.bottomS());
        assertEquals(2.4, r.holdS(), 1e-6);    // within 1 degree of the peak: 3.8 s to 6.2 s
        assertEquals(1.5, r.lowerS(), 1e-6);   // 2.3 s to 3.8 s
        assertEquals(1.5, r.raiseS(), 1e-6);   // 6.2 s to 7.7 s
        assertEquals(3, r.kneeDropCm(), 1e-9);
        assertEquals(List.of(Fault.KNEE_BEND), r.faults());
        assertEquals(Side.LEFT, r.side());
    }

    @Test
    void fastShortRepHasTooFastAndShortHold() {
        double[][] drop = trace(6, 0, 0, 1, 0, 1.3, 6, 1.5, 6, 2.5, 0, 6, 0);
        double[] sink = new double[drop[0].length];
        List<Rep> reps = TruthReps.find(drop[0], drop[1], sink, Side.RIGHT, Thresholds.DEFAULTS);
        assertEquals(1, reps.size());
        Rep r = reps.get(0);
        assertEquals(1 + 0.3 * 1.5 / 6, r.startS(), 1e-6);
        assertEquals(1 + 0.3 * 5 / 6, r.startS() + r.lowerS(), 1e-6);
        assertEquals(0.05 + 0.2 + 1.0 / 6, r.holdS(), 1e-6);
        assertEquals(List.of(Fault.SHORT_HOLD, Fault.TOO_FAST), r.faults());
    }

    @Test
    void smallNegativeAndUnfinishedExcursionsAreNotReps() {
        double[][] drop = trace(30,
                0, 0,
                2, 0, 3, 2.9, 4, 0,          // peak under 3 degrees
                6, 0, 7, -8, 8, 0,           // the other side goes down
                10, 0, 11, 8, 12, 8, 13, 0,  // a rep
                20, 0, 22, 9, 30, 9);        // never back to level
        double[] sink = new double[drop[0].length];
        List<Rep> reps = TruthReps.find(drop[0], drop[1], sink, Side.LEFT, Thresholds.DEFAULTS);
        assertEquals(1, reps.size());
        assertEquals(10 + 1.5 / 8, reps.get(0).startS(), 1e-6);
        assertEquals(List.of(), reps.get(0).faults());
    }

    @Test
    void holdEndsWhereTheDropLeavesTheBandEvenIfItComesBack() {
        // Peak 10, dips to 8.5 (out of the 1-degree band) and returns: the hold is only the stretch at the peak.
        double[][] drop = trace(12, 0, 0, 1, 0, 2, 10, 3, 10, 3.5, 8.5, 4, 9.5, 5, 9.5, 6, 0, 12, 0);
        double[] sink = new double[drop[0].length];
        Rep r = TruthReps.find(drop[0], drop[1], sink, Side.LEFT, Thresholds.DEFAULTS).get(0);
        assertEquals(1.9, r.startS() + r.lowerS(), 1e-6);
        assertEquals(3 + 0.5 / 1.5 * 1, r.startS() + r.lowerS() + r.holdS(), 1e-6);
    }
}

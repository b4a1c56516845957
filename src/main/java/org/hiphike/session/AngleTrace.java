package org.hiphike.session;

import java.util.Arrays;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.ExerciseSession;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.SessionEvent;
import org.hiphike.recording.Recording;

/**
 * The pelvic obliquity over time, recomputed by running a recording through the pipeline (the
 * report keeps only per-rep numbers). Positive when the left side of the pelvis is down, degrees,
 * relative to the level posture; times in seconds on the recording's clock.
 */
public final class AngleTrace {
    private final double[] timeS;
    private final double[] obliquityDeg;

    AngleTrace(double[] timeS, double[] obliquityDeg) {
        this.timeS = timeS;
        this.obliquityDeg = obliquityDeg;
    }

    /** Runs the recording through a fresh {@link ExerciseSession} and samples the pipeline's state after every sample. */
    public static AngleTrace of(Recording recording, PipelineSettings settings, AxisRemap remap) {
        ExerciseSession session = new ExerciseSession(settings, remap);
        int n = recording.samples().size();
        double[] t = new double[n];
        double[] a = new double[n];
        int[] k = {0};
        double[] lastT = {Double.NaN};
        session.addListener(event -> {
            if (!(event instanceof SessionEvent.State s)) return;
            var state = s.state();
            if (Double.isNaN(state.timeS()) || state.timeS() == lastT[0]) return; // filter not started or sample skipped
            lastT[0] = state.timeS();
            t[k[0]] = state.timeS();
            a[k[0]] = state.obliquityDeg();
            k[0]++;
        });
        for (ImuSample s : recording.samples()) session.update(s);
        return new AngleTrace(Arrays.copyOf(t, k[0]), Arrays.copyOf(a, k[0]));
    }

    public int size() { return timeS.length; }

    public double timeS(int i) { return timeS[i]; }

    public double obliquityDeg(int i) { return obliquityDeg[i]; }

    public boolean isEmpty() { return timeS.length == 0; }

    /**
     * The points between two times, thinned to at most about {@code maxPoints} by keeping the lowest
     * and highest value of each time slice (so peaks survive). Returns {time[], angle[]}.
     */
    double[][] window(double fromS, double toS, int maxPoints) {
        int lo = lowerBound(fromS), hi = lowerBound(toS + 1e-9);
        int count = hi - lo;
        if (count <= maxPoints) {
            return new double[][] {Arrays.copyOfRange(timeS, lo, hi), Arrays.copyOfRange(obliquityDeg, lo, hi)};
        }
        int slices = Math.max(1, maxPoints / 2);
        double[] outT = new double[slices * 2];
        double[] outA = new double[slices * 2];
        int m = 0;
        for (int s = 0; s < slices; s++) {
            int a = lo + (int) ((long) count * s / slices), b = lo + (int) ((long) count * (s + 1) / slices);
            if (b <= a) continue;
            int iMin = a, iMax = a;
            for (int i = a; i < b; i++) {
                if (obliquityDeg[i] < obliquityDeg[iMin]) iMin = i;
                if (obliquityDeg[i] > obliquityDeg[iMax]) iMax = i;
            }
            int first = Math.min(iMin, iMax), second = Math.max(iMin, iMax);
            outT[m] = timeS[first];
            outA[m++] = obliquityDeg[first];
            if (second != first) {
                outT[m] = timeS[second];
                outA[m++] = obliquityDeg[second];
            }
        }
        return new double[][] {Arrays.copyOf(outT, m), Arrays.copyOf(outA, m)};
    }

    private int lowerBound(double t) {
        int i = Arrays.binarySearch(timeS, t);
        if (i < 0) return -i - 1;
        while (i > 0 && timeS[i - 1] == t) i--;
        return i;
    }
}

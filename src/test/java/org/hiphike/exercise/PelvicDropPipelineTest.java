package org.hiphike.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PelvicDropPipelineTest {

    static List<Rep> run(List<ImuSample> samples) {
        PelvicDropPipeline p = new PelvicDropPipeline(PipelineSettings.DEFAULTS);
        samples.forEach(p::update);
        p.finish();
        return p.reps();
    }

    static List<KinematicSet.Drop> drops() {
        return List.of(
                new KinematicSet.Drop(1.0, 1.5, 2.0, 1.2, 10.0, 0.0),
                new KinematicSet.Drop(1.5, 1.0, 1.5, 1.0, 7.0, 0.05),
                new KinematicSet.Drop(2.0, 0.3, 0.5, 0.8, 12.0, 0.0),
                new KinematicSet.Drop(1.0, 2.0, 2.5, 1.5, 6.5, 0.0));
    }

    @ParameterizedTest(name = "{0} side, {1} Hz, clip {3} deg about ({2})")
    @CsvSource({
            "LEFT, 100, 0;1;0, 0",
            "RIGHT, 100, 0;1;0, 0",
            "LEFT, 50, 0;1;0, 30",
            "RIGHT, 200, 1;0;0, 30",
            "LEFT, 100, 0;0;1, 25",
            "RIGHT, 100, 1;1;1, 30"})
    void measuresKnownDropsExactly(Side side, double rateHz, String axis, double mountDeg) {
        String[] a = axis.split(";");
        Vec3 k = new Vec3(Double.parseDouble(a[0]), Double.parseDouble(a[1]), Double.parseDouble(a[2]));
        KinematicSet set = new KinematicSet(side, drops(), rateHz, k, mountDeg, 0.0005, 0.02);
        List<Rep> reps = run(set.samples(1));
        List<double[]> truth = set.truth();
        assertEquals(truth.size(), reps.size(), "rep count");
        for (int i = 0; i < reps.size(); i++) {
            Rep r = reps.get(i);
            double[] t = truth.get(i);
            String where = "rep " + (i + 1) + " " + r;
            assertEquals(side, r.side(), where);
            assertEquals(t[3], r.peakDropDeg(), 0.3, where + " peak");
            assertEquals(t[4], r.holdS(), 0.1, where + " hold");
            assertEquals(t[0], r.startS(), 0.08, where + " start");
            assertEquals(t[2], r.endS(), 0.08, where + " end");
            assertEquals(t[5], r.lowerS(), 0.1, where + " lower");
            assertEquals(t[7], r.kneeDropCm(), 1.0, where + " knee");
            assertEquals(t[7] > 2.0, r.has(Fault.KNEE_BEND), where + " knee fault");
            assertEquals(t[4] < 1.0, r.has(Fault.SHORT_HOLD), where + " short hold fault");
            assertEquals(t[5] < 0.6, r.has(Fault.TOO_FAST), where + " too fast fault");
        }
    }

    @Test
    void swayUnderThreeDegreesIsNotARep() {
        KinematicSet set = new KinematicSet(Side.LEFT, List.of(
                new KinematicSet.Drop(1.0, 1.5, 1.0, 1.5, 2.5, 0.0),
                new KinematicSet.Drop(1.0, 1.0, 0.5, 1.0, 2.0, 0.0)), 100, new Vec3(0, 1, 0), 0, 0.0005, 0.02);
        assertTrue(run(set.samples(2)).isEmpty());
    }

    @Test
    void aFastDropWithAKneeBendIsARepNotStepping() {
        // Lowered in 0.3 s while the support hip sinks 7 cm: |acc| swings by almost half a g, which is a burst
        // of motion, not walking; the rep counts with both faults.
        KinematicSet set = new KinematicSet(Side.LEFT, List.of(
                new KinematicSet.Drop(1.0, 1.5, 2.0, 1.2, 9.0, 0.0),
                new KinematicSet.Drop(1.5, 0.3, 1.5, 1.2, 7.0, 0.07),
                new KinematicSet.Drop(1.5, 1.5, 2.0, 1.2, 9.0, 0.0)), 100, new Vec3(0, 1, 0), 10, 0.0005, 0.02);
        List<Rep> reps = run(set.samples(3));
        assertEquals(3, reps.size(), "rep count " + reps);
        assertTrue(reps.get(1).has(Fault.KNEE_BEND), reps.get(1).toString());
        assertTrue(reps.get(1).has(Fault.TOO_FAST), reps.get(1).toString());
        assertEquals(7.0, reps.get(1).peakDropDeg(), 0.3);
    }

    @ParameterizedTest(name = "{0} Hz")
    @CsvSource({"50", "100", "200"})
    void aKnockOnTheSensorDuringAHoldDoesNotLoseTheRep(double rateHz) {
        KinematicSet set = new KinematicSet(Side.RIGHT, drops(), rateHz, new Vec3(0, 1, 0), 0, 0.0005, 0.02);
        List<double[]> truth = set.truth();
        double[] second = truth.get(1);
        double knockS = second[1]; // in the hold of the second rep
        List<ImuSample> samples = new java.util.ArrayList<>();
        for (ImuSample s : set.samples(4)) {
            double x = (s.timeS() - knockS) / 0.03;
            if (x > 0 && x < 1) { // a 30 ms knock: 3 g along z, 300 deg/s about x, back and forth
                double b = 64 * Math.pow(x * (1 - x), 3) * Math.sin(4 * Math.PI * x);
                s = new ImuSample(s.timeS(), s.accG().plus(new Vec3(0, 0, 3 * b)), s.gyroDps().plus(new Vec3(300 * b, 0, 0)));
            }
            samples.add(s);
        }
        List<Rep> reps = run(samples);
        assertEquals(truth.size(), reps.size(), "rep count " + reps);
        assertEquals(second[3], reps.get(1).peakDropDeg(), 0.5, reps.get(1).toString());
    }

    /**
     * One damaged sample inside a sane recording (a wild angular rate, an acceleration no IMU measures, a value that is
     * not a number) is skipped like a dropout: the reps are those of the recording without it.
     */
    @Test
    void oneImplausibleSampleIsSkippedLikeADropout() throws Exception {
        List<ImuSample> clean = new org.hiphike.recording.CsvRecordingReader()
                .read(java.nio.file.Path.of("samples/left-set_clean_100hz.csv")).samples();
        List<Rep> expected = run(clean);
        assertTrue(expected.size() >= 8);
        Rep second = expected.get(1);
        int at = 0;
        while (clean.get(at).timeS() < (second.startS() + second.bottomS()) / 2) at++; // mid-lowering
        for (ImuSample bad : List.of(
                new ImuSample(clean.get(at).timeS(), clean.get(at).accG(), new Vec3(1e308, 0, 0), null),
                new ImuSample(clean.get(at).timeS(), new Vec3(0, 9_999_999, 0), clean.get(at).gyroDps(), null),
                new ImuSample(clean.get(at).timeS(), clean.get(at).accG(), new Vec3(0, 4000, 0), null),
                new ImuSample(clean.get(at).timeS(), new Vec3(Double.NaN, 1, 0), clean.get(at).gyroDps(), null))) {
            List<ImuSample> damaged = new java.util.ArrayList<>(clean);
            damaged.set(at, bad);
            List<Rep> got = run(damaged);
            assertEquals(expected.size(), got.size(), "reps with " + bad);
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expected.get(i).peakDropDeg(), got.get(i).peakDropDeg(), 0.1, "rep " + (i + 1) + " with " + bad);
                assertEquals(expected.get(i).faults(), got.get(i).faults(), "rep " + (i + 1) + " with " + bad);
            }
        }
    }
}

package org.hiphike.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;
import org.junit.jupiter.api.Test;

/** The unit checks' figures gathered one sample at a time, against the same figures computed from the whole list. */
class UnitCheckAccumulatorTest {
    private static ImuSample sample(int i, java.util.Random rng) {
        double norm = 0.5 + rng.nextDouble();
        double a = rng.nextDouble() * 0.3;
        return new ImuSample(i * 0.01, new Vec3(norm * Math.sin(a), norm * Math.cos(a), 0),
                new Vec3(rng.nextGaussian() * 30, rng.nextGaussian() * 30, rng.nextGaussian() * 30));
    }

    @Test
    void theAccelerometerIsSampledEvenlyAtMostEightThousandTimes() {
        for (int n : new int[] {1, 2, 7999, 8000, 8001, 12_345, 16_000, 16_001, 100_000, 1_000_003}) {
            java.util.Random rng = new java.util.Random(n);
            UnitCheck.Accumulator acc = new UnitCheck.Accumulator();
            List<ImuSample> kept = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ImuSample s = sample(i, rng);
                acc.add(s);
                if (n <= 100_000 || i % 64 == 0) { // of a million, only what a step of 64 or more can keep
                    kept.add(s);
                    index.add(i);
                }
            }
            long step = 1;
            while ((n + step - 1) / step > UnitCheck.Accumulator.ACC_KEPT) step *= 2;
            List<Double> expected = new ArrayList<>();
            for (int k = 0; k < kept.size(); k++) if (index.get(k) % step == 0) expected.add(kept.get(k).accG().norm());
            if (n > 100_000) assertEquals(128, step, "the test's own step for " + n);
            double[] want = expected.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(want);
            double[] got = acc.sortedAccNorms();
            assertTrue(got.length <= UnitCheck.Accumulator.ACC_KEPT && (n < 4000 || got.length > 4000), n + ": " + got.length);
            assertArrayEquals(want, got, n + " samples");
        }
    }

    @Test
    void theGyroscopeComparisonAndTheRateAreThoseOfTheWholeList() throws Exception {
        java.util.Random rng = new java.util.Random(7);
        List<ImuSample> samples = new ArrayList<>();
        double t = 0;
        for (int i = 0; i < 30_000; i++) {
            t += i % 997 == 0 ? 0.5 : 0.01; // some gaps
            double a = Math.sin(i * 0.01) * 0.5; // turning slowly: the gyroscope says how fast, in deg/s
            samples.add(new ImuSample(t, new Vec3(Math.sin(a), Math.cos(a), 0),
                    new Vec3(0, 0, Math.toDegrees(Math.cos(i * 0.01) * 0.5) + rng.nextGaussian() * 0.1)));
        }
        UnitCheck.Accumulator acc = new UnitCheck.Accumulator();
        samples.forEach(acc::add);
        // the list form, computed as the checks always did it: every 10th sample against the one 10 before
        double tilt = 0, gyro = 0;
        for (int i = 10; i < samples.size(); i += 10) {
            ImuSample a = samples.get(i - 10), b = samples.get(i);
            double dt = b.timeS() - a.timeS();
            if (dt <= 0 || dt > 0.5) continue;
            if (Math.abs(a.accG().norm() - 1) > 0.05 || Math.abs(b.accG().norm() - 1) > 0.05) continue;
            double turned = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, a.accG().unit().dot(b.accG().unit())))));
            if (turned < 0.5) continue;
            double integrated = 0;
            for (int j = i - 9; j <= i; j++) integrated += samples.get(j).gyroDps().norm() * (samples.get(j).timeS() - samples.get(j - 1).timeS());
            tilt += turned;
            gyro += integrated;
        }
        assertTrue(tilt >= 30, "enough turning to tell: " + tilt);
        assertEquals(gyro / tilt, acc.gyroToTiltRatio());
        assertEquals(1.0, acc.gyroToTiltRatio(), 0.1);
        Recording r = new Recording("r.csv", java.util.Map.of("rate_hz", "100"), samples);
        assertEquals(Recording.measuredRateHz(samples), Recording.measuredRateHz(acc.headTimes(), acc.headCount()));
        RecordingStats stats = new RecordingStats(r.metadata());
        samples.forEach(s -> stats.add(s.timeS()));
        assertEquals(r.droppedSamples(), stats.droppedSamples(0));
        assertTrue(r.droppedSamples() > 1000, "the gaps are counted: " + r.droppedSamples());
        assertEquals(r.nominalRateHz(), stats.nominalRateHz());
        assertEquals(r.durationS(), stats.durationS());
    }
}

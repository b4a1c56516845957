package org.hiphike.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.SetGrouping;
import org.hiphike.exercise.Thresholds;
import org.hiphike.recording.Recording;

/**
 * Turns a {@link Scenario} into a sensor recording and its truth. The motion is continuous
 * ({@link SimulatedMotion}); the sensor samples it at jittered instants of its own clock and adds the errors
 * of its {@link SensorModel}; the truth is measured from the motion on a {@value #TRUTH_RATE_HZ} Hz grid.
 */
public final class Simulator {
    /** Rate of the grid on which truth reps are measured, hertz. */
    public static final double TRUTH_RATE_HZ = 1000;

    private Simulator() {}

    /** The errors drawn for one sensor: constant offsets and the scale/cross-axis matrices (I + S). */
    record SensorErrors(Vec3 accBiasG, Vec3 gyroBiasDps, Mat3 accMatrix, Mat3 gyroMatrix) {
        static SensorErrors draw(SplittableRandom rng, SensorModel m) {
            boolean edge = m.errorsAtLimits();
            Vec3 acc = new Vec3(error(rng, m.accBiasG(), edge), error(rng, m.accBiasG(), edge), error(rng, m.accBiasZG(), edge));
            Vec3 gyro = new Vec3(error(rng, m.gyroBiasDps(), edge), error(rng, m.gyroBiasDps(), edge), error(rng, m.gyroBiasDps(), edge));
            return new SensorErrors(acc, gyro, matrix(rng, m.scaleError(), m.crossAxisError(), edge),
                    matrix(rng, m.scaleError(), m.crossAxisError(), edge));
        }

        /** One error: uniform in ±max, or at 80-100 % of max with a random sign for a part at its limits. */
        private static double error(SplittableRandom rng, double max, boolean atLimits) {
            if (!atLimits) return Person.uniform(rng, -max, max);
            double magnitude = Person.uniform(rng, 0.8 * max, max);
            return rng.nextBoolean() ? magnitude : -magnitude;
        }

        private static Mat3 matrix(SplittableRandom rng, double scale, double cross, boolean edge) {
            return new Mat3(
                    1 + error(rng, scale, edge), error(rng, cross, edge), error(rng, cross, edge),
                    error(rng, cross, edge), 1 + error(rng, scale, edge), error(rng, cross, edge),
                    error(rng, cross, edge), error(rng, cross, edge), 1 + error(rng, scale, edge));
        }
    }

    public static SimulatedRecording simulate(Scenario scenario) {
        SimulatedMotion motion = SimulatedMotion.of(scenario);
        SensorModel model = scenario.sensor();
        SplittableRandom rng = new SplittableRandom(scenario.seed() ^ 0x73656e736f72L);
        SensorErrors errors = SensorErrors.draw(rng, model);
        double rate = scenario.rateHz();
        double dt = 1 / rate;
        double accSigmaG = model.accNoiseUgPerRootHz() * 1e-6 * Math.sqrt(rate / 2);
        double gyroSigmaDps = model.gyroNoiseDpsPerRootHz() * Math.sqrt(rate / 2);
        double accWalkG = model.accBiasWalkGPerRootS() * Math.sqrt(dt);
        double gyroWalkDps = model.gyroBiasWalkDpsPerRootS() * Math.sqrt(dt);
        Vec3 accBias = errors.accBiasG();
        Vec3 gyroBias = errors.gyroBiasDps();

        long count = (long) Math.floor(motion.durationS() * rate) + 1;
        List<ImuSample> samples = new ArrayList<>((int) Math.min(count, Integer.MAX_VALUE));
        List<Double> traceTime = new ArrayList<>();
        List<Double> traceDrop = new ArrayList<>();
        int lost = 0;
        double previousS = -1;
        for (long k = 0; k < count; k++) {
            double jitter = k == 0 ? 0 : Math.max(-0.3 * dt, Math.min(0.3 * dt, rng.nextGaussian() * model.jitterS()));
            double t = k * dt + jitter;
            accBias = accBias.plus(gaussianVec(rng, accWalkG));
            gyroBias = gyroBias.plus(gaussianVec(rng, gyroWalkDps));
            Vec3 accNoise = gaussianVec(rng, accSigmaG);
            Vec3 gyroNoise = gaussianVec(rng, gyroSigmaDps);
            boolean dropped = k > 0 && rng.nextDouble() < model.dropProbability();
            if (dropped || inGap(scenario, t) || t <= previousS) {
                lost++;
                continue;
            }
            Kinematics.Reading ideal = motion.idealReading(t);
            Vec3 acc = measure(errors.accMatrix(), ideal.accG(), accBias, accNoise, model.accLsbG(), model.accRangeG());
            Vec3 gyro = measure(errors.gyroMatrix(), ideal.gyroDps(), gyroBias, gyroNoise, model.gyroLsbDps(),
                    model.gyroRangeDps());
            // The stamp a phone's operating system gives it may be off by a few milliseconds, even out of order.
            double stamp = model.stampJitterS() > 0 ? Math.max(0, t + rng.nextGaussian() * model.stampJitterS()) : t;
            samples.add(new ImuSample(stamp, acc, gyro));
            traceTime.add(t);
            traceDrop.add(motion.truthDropDeg(t));
            previousS = t;
        }

        Thresholds thresholds = Thresholds.DEFAULTS;
        List<Rep> reps = SetGrouping.renumber(truthReps(motion, thresholds));
        Map<String, Object> simulator = describe(scenario, motion, errors, samples.size(), lost);
        Truth truth = new Truth(Truth.FORMAT, Truth.VERSION, simulator, thresholds, SetGrouping.setsOf(reps), reps,
                motion.events());

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("sensor", model.name());
        metadata.put("rate_hz", formatRate(rate));
        metadata.put("mount", "back");
        metadata.put("source", "simulated (hiphike simulate --scenario " + scenario.name() + " --seed " + scenario.seed() + ")");
        metadata.put("note", "simulated recording; truth (sets, reps, misalignment, events) in the .truth.json beside it");
        Recording recording = new Recording("simulated:" + scenario.name() + ":" + scenario.seed(), metadata, samples);
        return new SimulatedRecording(recording, truth, toArray(traceTime), toArray(traceDrop));
    }

    /** Truth reps of every exercise segment, in time order, not yet numbered. */
    static List<Rep> truthReps(SimulatedMotion motion, Thresholds thresholds) {
        List<Rep> all = new ArrayList<>();
        for (SimulatedMotion.Segment seg : motion.exerciseSegments()) {
            Activity.Exercise ex = (Activity.Exercise) seg.activity();
            int n = (int) Math.floor(ex.durationS() * TRUTH_RATE_HZ) + 1;
            double[] time = new double[n], drop = new double[n], sink = new double[n];
            for (int i = 0; i < n; i++) {
                double t = seg.startS() + i / TRUTH_RATE_HZ;
                time[i] = t;
                drop[i] = motion.truthDropDeg(seg, t);
                sink[i] = motion.truthSinkCm(seg, t);
            }
            all.addAll(TruthReps.find(time, drop, sink, ex.side(), thresholds));
        }
        return all;
    }

    private static Map<String, Object> describe(Scenario scenario, SimulatedMotion motion, SensorErrors errors,
                                                int samples, int lost) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario.name());
        m.put("seed", scenario.seed());
        m.put("rate_hz", scenario.rateHz());
        m.put("duration_s", motion.durationS());
        m.put("samples", samples);
        m.put("lost_samples", lost);
        m.put("truth_rate_hz", TRUTH_RATE_HZ);
        m.put("sensor", scenario.sensor());
        Map<String, Object> drawn = new LinkedHashMap<>();
        drawn.put("acc_bias_g", list(errors.accBiasG()));
        drawn.put("gyro_bias_dps", list(errors.gyroBiasDps()));
        drawn.put("acc_matrix", rows(errors.accMatrix()));
        drawn.put("gyro_matrix", rows(errors.gyroMatrix()));
        m.put("sensor_errors", drawn);
        m.put("mounts", motion.mountHistory());
        m.put("person", scenario.person());
        m.put("lever_arm_m", list(motion.leverArmM()));
        m.put("gaps", scenario.gaps());
        m.put("plan", plan(scenario.activities()));
        return m;
    }

    /** The activities as maps, each led by its kind (the map values carry no type information otherwise). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> plan(List<Activity> activities) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Activity a : activities) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", a.kind());
            entry.putAll(ReportJson.mapper().convertValue(a, Map.class));
            out.add(entry);
        }
        return out;
    }

    /** Rows of a matrix as lists, so that the shared mapper writes them with its number format. */
    private static List<List<Double>> rows(Mat3 a) {
        return List.of(List.of(a.xx(), a.xy(), a.xz()), List.of(a.yx(), a.yy(), a.yz()), List.of(a.zx(), a.zy(), a.zz()));
    }

    static List<Double> list(Vec3 v) {
        return List.of(v.x(), v.y(), v.z());
    }

    private static boolean inGap(Scenario scenario, double timeS) {
        for (Scenario.Gap g : scenario.gaps()) {
            if (timeS >= g.startS() && timeS < g.startS() + g.durationS()) return true;
        }
        return false;
    }

    static Vec3 measure(Mat3 matrix, Vec3 ideal, Vec3 bias, Vec3 noise, double lsb, double range) {
        Vec3 v = matrix.times(ideal).plus(bias).plus(noise);
        return new Vec3(quantiseClip(v.x(), lsb, range), quantiseClip(v.y(), lsb, range), quantiseClip(v.z(), lsb, range));
    }

    private static double quantiseClip(double value, double lsb, double range) {
        double q = lsb > 0 ? Math.round(value / lsb) * lsb : value;
        return Math.max(-range, Math.min(range, q));
    }

    private static Vec3 gaussianVec(SplittableRandom rng, double sigma) {
        if (sigma == 0) return Vec3.ZERO;
        return new Vec3(rng.nextGaussian() * sigma, rng.nextGaussian() * sigma, rng.nextGaussian() * sigma);
    }

    private static String formatRate(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    private static double[] toArray(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }
}

package org.hiphike.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;

/**
 * A small, independent kinematic model for pipeline tests: the pelvis rotates about the support
 * hip's front-back axis with minimum-jerk lowering and raising, the support hip may sink (knee
 * bend), and the sensor sits on a lever arm and may be clipped at an angle. Readings are derived
 * from the motion by finite differences; truth is computed on a dense grid with spec section 4.
 */
final class KinematicSet {
    record Drop(double restS, double lowerS, double holdS, double raiseS, double peakDeg, double kneeSinkM) {}

    static final double G = 9.80665;
    final Side side;
    final List<Drop> drops;
    final double rateHz;
    final double[][] mount; // sensor axes in pelvis frame: v_sensor = mount^T v_pelvis
    final double noiseAccG, noiseGyroDps;
    final double hipHalfWidthM = 0.09, leverBackM = 0.1, leverUpM = 0.05;
    final double leadS = 3.0;

    KinematicSet(Side side, List<Drop> drops, double rateHz, Vec3 mountAxis, double mountDeg, double noiseAccG,
            double noiseGyroDps) {
        this.side = side;
        this.drops = drops;
        this.rateHz = rateHz;
        this.mount = rotation(mountAxis.unit(), Math.toRadians(mountDeg));
        this.noiseAccG = noiseAccG;
        this.noiseGyroDps = noiseGyroDps;
    }

    double durationS() {
        double t = leadS;
        for (Drop d : drops) t += d.restS + d.lowerS + d.holdS + d.raiseS;
        return t + 2.0;
    }

    /** Drop angle (deg, positive = hanging side down) and knee sink (m) at time t. */
    double[] state(double t) {
        double start = leadS;
        for (Drop d : drops) {
            double a = start + d.restS, b = a + d.lowerS, c = b + d.holdS, e = c + d.raiseS;
            if (t < a) return new double[] {0, 0};
            if (t < b) { double s = minJerk((t - a) / d.lowerS); return new double[] {d.peakDeg * s, d.kneeSinkM * s}; }
            if (t < c) return new double[] {d.peakDeg, d.kneeSinkM};
            if (t < e) { double s = 1 - minJerk((t - c) / d.raiseS); return new double[] {d.peakDeg * s, d.kneeSinkM * s}; }
            start = e;
        }
        return new double[] {0, 0};
    }

    static double minJerk(double x) { return x * x * x * (10 - 15 * x + 6 * x * x); }

    /** Sensor position in world (x right, y up, z back), metres. */
    Vec3 position(double t) {
        double[] st = state(t);
        double sg = side == Side.LEFT ? 1 : -1;
        double th = Math.toRadians(sg * st[0]);
        // lever from the support hip to the sensor, pelvis frame
        double rx = -sg * hipHalfWidthM, ry = leverUpM, rz = leverBackM;
        double c = Math.cos(th), s = Math.sin(th);
        return new Vec3(c * rx - s * ry, s * rx + c * ry - st[1], rz);
    }

    List<ImuSample> samples(long seed) {
        Random rnd = new Random(seed);
        List<ImuSample> out = new ArrayList<>();
        double h = 1e-3;
        double sg = side == Side.LEFT ? 1 : -1;
        for (double t = 0; t < durationS(); t += 1.0 / rateHz) {
            Vec3 p0 = position(t - h), p1 = position(t), p2 = position(t + h);
            Vec3 acc = p2.minus(p1.times(2)).plus(p0).times(1 / (h * h));
            Vec3 f = acc.plus(new Vec3(0, G, 0)).times(1 / G);
            double th = Math.toRadians(sg * state(t)[0]);
            double rate = sg * (state(t + h)[0] - state(t - h)[0]) / (2 * h);
            double c = Math.cos(th), s = Math.sin(th);
            // world -> pelvis: R^T
            Vec3 fp = new Vec3(c * f.x() + s * f.y(), -s * f.x() + c * f.y(), f.z());
            Vec3 wp = new Vec3(0, 0, rate);
            Vec3 fs = toSensor(fp).plus(new Vec3(rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()).times(noiseAccG));
            Vec3 ws = toSensor(wp).plus(new Vec3(rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()).times(noiseGyroDps));
            out.add(new ImuSample(t, fs, ws));
        }
        return out;
    }

    private Vec3 toSensor(Vec3 v) {
        double[] a = v.toArray();
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i] += mount[j][i] * a[j];
        return new Vec3(r[0], r[1], r[2]);
    }

    /** Truth reps by spec section 4 on a 1 kHz grid (no sets renumbering needed: one set). */
    List<double[]> truth() {
        double dt = 1e-3;
        int m = (int) (durationS() / dt);
        double[] d = new double[m];
        for (int i = 0; i < m; i++) d[i] = state(i * dt)[0];
        List<double[]> reps = new ArrayList<>();
        int i = 0;
        while (i < m) {
            if (d[i] <= 1.5) { i++; continue; }
            int a = i - 1;
            int b = i;
            while (b < m && d[b] > 1.5) b++;
            int pk = a + 1;
            for (int k = a + 1; k < b; k++) if (d[k] > d[pk]) pk = k;
            double peak = d[pk];
            int h0 = pk, h1 = pk;
            while (d[h0 - 1] >= peak - 1.0) h0--;
            while (d[h1 + 1] >= peak - 1.0) h1++;
            int dropIndex = reps.size();
            double knee = drops.get(dropIndex).kneeSinkM * 100;
            // start, bottom, end, peak, hold, lower, raise, knee
            reps.add(new double[] {a * dt, pk * dt, b * dt, peak, (h1 - h0) * dt, (h0 - a) * dt, (b - h1) * dt, knee});
            i = b;
        }
        return reps;
    }

    static double[][] rotation(Vec3 k, double angle) {
        double c = Math.cos(angle), s = Math.sin(angle), v = 1 - c;
        return new double[][] {
                {k.x() * k.x() * v + c, k.x() * k.y() * v - k.z() * s, k.x() * k.z() * v + k.y() * s},
                {k.y() * k.x() * v + k.z() * s, k.y() * k.y() * v + c, k.y() * k.z() * v - k.x() * s},
                {k.z() * k.x() * v - k.y() * s, k.z() * k.y() * v + k.x() * s, k.z() * k.z() * v + c}};
    }
}

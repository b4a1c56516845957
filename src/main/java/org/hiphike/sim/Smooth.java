package org.hiphike.sim;

/**
 * Smooth (twice continuously differentiable) shape functions on a normalised time {@code x}, so that
 * simulated motion has continuous velocity and acceleration and its sensor readings are physical.
 */
public final class Smooth {
    private Smooth() {}

    /** Minimum-jerk (quintic) step: 0 for x ≤ 0, 1 for x ≥ 1, zero velocity and acceleration at both ends. */
    public static double step(double x) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        return x * x * x * (10 + x * (-15 + 6 * x));
    }

    /** Integral of {@link #step} from 0 to x (x ≥ 1 continues linearly with slope 1). */
    public static double stepIntegral(double x) {
        if (x <= 0) return 0;
        if (x >= 1) return x - 0.5;
        double x4 = x * x * x * x;
        return x4 * (2.5 + x * (-3 + x));
    }

    /** A bump that is 0 outside [0, 1], 1 at x = 0.5, with zero velocity and acceleration at the ends. */
    public static double bump(double x) {
        if (x <= 0 || x >= 1) return 0;
        double u = x * (1 - x);
        return 64 * u * u * u;
    }

    /**
     * A window over [0, durationS] that rises smoothly to 1 in {@code rampS}, stays at 1 and falls to 0 in
     * {@code rampS} before the end.
     */
    public static double window(double tauS, double durationS, double rampS) {
        double r = Math.min(rampS, durationS / 2);
        return step(tauS / r) * step((durationS - tauS) / r);
    }
}

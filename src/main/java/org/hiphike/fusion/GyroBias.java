package org.hiphike.fusion;

import org.hiphike.core.Vec3;

/**
 * Gyroscope bias estimated whenever the wearer is still: after {@code biasStillS} seconds with
 * every axis within {@code biasStillThresholdDps} of the current estimate and the accelerometer
 * near 1 g, the estimate follows the gyroscope through a first-order low-pass filter. A person
 * standing still sways a little, but sway has no mean, so the filter averages it away.
 */
public final class GyroBias {
    private final FusionSettings settings;
    private double bx, by, bz;
    private double lpX, lpY, lpZ, lpAccNormG = 1; // low-passed readings: tremor and noise must not break stillness
    private static final double LOW_PASS_S = 0.25;
    // Cheap accelerometers read up to about 0.1 g off at rest (bias and scale); still is still.
    private static final double MAX_ACC_OFFSET_G = 0.15;
    private boolean still;
    private double stillForS;
    private double adaptedForS;

    public GyroBias(FusionSettings settings) { this.settings = settings; }

    /** Feeds one raw sample; returns nothing, read the estimate with {@link #biasDps()} or {@link #correct}. */
    public void update(double gxDps, double gyDps, double gzDps, double accNormG, double dtS) {
        if (dtS > 0 && dtS <= settings.maxGapS()) {
            double k = Math.min(1, dtS / LOW_PASS_S);
            lpX += k * (gxDps - lpX);
            lpY += k * (gyDps - lpY);
            lpZ += k * (gzDps - lpZ);
            lpAccNormG += k * (accNormG - lpAccNormG);
        }
        // Until the estimate has converged the bias itself may exceed the threshold, so start wider.
        boolean young = adaptedForS < 1.0; // the start-up time constant converges within about a second of stillness
        double threshold = settings.biasStillThresholdDps() * (young ? 3 : 1);
        boolean still = Math.abs(lpX - bx) < threshold && Math.abs(lpY - by) < threshold
                && Math.abs(lpZ - bz) < threshold && Math.abs(lpAccNormG - 1) < MAX_ACC_OFFSET_G;
        this.still = still;
        if (!still || dtS <= 0 || dtS > settings.maxGapS()) {
            stillForS = 0;
            return;
        }
        stillForS += dtS;
        if (stillForS < settings.biasStillS()) return;
        // Young estimates converge faster; then settle to the configured time constant.
        double tau = Math.min(settings.biasTimeConstantS(), 0.3 + adaptedForS);
        double k = Math.min(1, dtS / tau);
        bx += k * (gxDps - bx);
        by += k * (gyDps - by);
        bz += k * (gzDps - bz);
        adaptedForS += dtS;
    }

    /** True while the last sample counted as still (by the low-passed readings, before the still time). */
    public boolean isStill() { return still; }

    public Vec3 biasDps() { return new Vec3(bx, by, bz); }

    public double x() { return bx; }
    public double y() { return by; }
    public double z() { return bz; }

    /** True once the wearer has been still long enough for an estimate. */
    public boolean isEstimated() { return adaptedForS > 0; }
}

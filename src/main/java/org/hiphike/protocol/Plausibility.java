package org.hiphike.protocol;

import org.hiphike.core.ImuSample;
import org.hiphike.core.SensorLimits;

/**
 * Limits a decoded sample must respect: finite, and within what any body-worn MEMS IMU can report.
 * Wider than every supported sensor's full scale (±16 g, ±2000 °/s), so real data is never rejected.
 */
public final class Plausibility {
    /** Largest accepted |acceleration| per axis, g ({@link SensorLimits#MAX_ACC_G}). */
    public static final double MAX_ACC_G = SensorLimits.MAX_ACC_G;
    /** Largest accepted |angular rate| per axis, degrees per second. */
    public static final double MAX_GYRO_DPS = SensorLimits.MAX_GYRO_DPS;
    /** Largest accepted |magnetic field| per axis, microtesla. */
    public static final double MAX_MAG_UT = SensorLimits.MAX_MAG_UT;

    private Plausibility() {}

    static boolean plausible(double ax, double ay, double az, double gx, double gy, double gz) {
        return Math.abs(ax) <= MAX_ACC_G && Math.abs(ay) <= MAX_ACC_G && Math.abs(az) <= MAX_ACC_G
                && Math.abs(gx) <= MAX_GYRO_DPS && Math.abs(gy) <= MAX_GYRO_DPS && Math.abs(gz) <= MAX_GYRO_DPS;
        // NaN fails every comparison, so it is rejected too
    }

    static boolean plausibleMag(double mx, double my, double mz) {
        return Math.abs(mx) <= MAX_MAG_UT && Math.abs(my) <= MAX_MAG_UT && Math.abs(mz) <= MAX_MAG_UT;
    }

    /** Whether a decoded sample respects these limits and has a finite, non-negative time. */
    public static boolean plausible(ImuSample s) {
        boolean ok = Double.isFinite(s.timeS()) && s.timeS() >= 0
                && plausible(s.accG().x(), s.accG().y(), s.accG().z(),
                s.gyroDps().x(), s.gyroDps().y(), s.gyroDps().z());
        if (ok && s.magUt() != null) ok = plausibleMag(s.magUt().x(), s.magUt().y(), s.magUt().z());
        return ok;
    }
}

package org.hiphike.fusion;

/**
 * Orientation from gyroscope and accelerometer: the explicit complementary filter of Mahony,
 * Hamel and Pflimlin, "Nonlinear Complementary Filters on the Special Orthogonal Group",
 * IEEE Transactions on Automatic Control 53(5), 2008, written from the paper's equations:
 * the rotation is propagated with the gyroscope rate plus a correction proportional to the
 * cross product of the measured and the estimated direction of gravity.
 *
 * <p>The quaternion rotates sensor-frame vectors into the world frame (world Y is up; heading is
 * unobservable without a magnetometer and drifts freely, which the exercise does not need).
 * Inputs are calibrated ({@link SensorCalibration}): the gyroscope's offset removed, the accelerometer
 * in units of its rest magnitude. The accelerometer is trusted only near 1; after a stretch without
 * it, or after a gap in the samples, the filter recovers with a high gain. The paper's integral term
 * (off by default, see {@link FusionSettings#integralGain}) learns from still moments only.
 *
 * <p>One {@link #update} per sample; no threads, I/O or clock.
 */
public final class MahonyAhrs {
    private final FusionSettings settings;
    private double qw = 1, qx, qy, qz;
    private boolean initialised;
    private double sinceStartS;
    private double untrustedForS;
    private double recoveringForS = Double.POSITIVE_INFINITY;
    private boolean accelerationRejected;
    private double integralX, integralY, integralZ; // rad/s, the integral term of the paper
    private double quietX, quietY, quietZ;          // low-passed rate, to tell stillness
    private static final double QUIET_LOW_PASS_S = 0.2, QUIET_DPS = 3.0;

    public MahonyAhrs(FusionSettings settings) {
        this.settings = settings;
    }

    /**
     * One calibrated sample.
     *
     * @param gxDps angular rate with its offset removed, sensor frame, degrees per second (and y, z)
     * @param ax    specific force in units of the rest magnitude, sensor frame (and y, z)
     * @param dtS   seconds since the previous sample (ignored for the first one)
     */
    public void update(double gxDps, double gyDps, double gzDps, double ax, double ay, double az, double dtS) {
        double accNorm = Math.sqrt(ax * ax + ay * ay + az * az);
        if (!initialised || dtS > settings.maxGapS()) {
            if (accNorm > 0.5 && accNorm < 1.5) {
                alignTo(ax / accNorm, ay / accNorm, az / accNorm);
                initialised = true;
                sinceStartS = 0;
                recoveringForS = 0;
            }
            return;
        }
        if (dtS <= 0) return;
        double wx = Math.toRadians(gxDps);
        double wy = Math.toRadians(gyDps);
        double wz = Math.toRadians(gzDps);
        double kq = Math.min(1, dtS / QUIET_LOW_PASS_S);
        quietX += kq * (wx - quietX);
        quietY += kq * (wy - quietY);
        quietZ += kq * (wz - quietZ);
        boolean quiet = isQuiet();

        accelerationRejected = Math.abs(accNorm - 1) > settings.accelerationRejectionG();
        sinceStartS += dtS;
        if (accelerationRejected) {
            untrustedForS += dtS;
            if (untrustedForS > settings.recoveryS()) recoveringForS = 0;
            wx += integralX;
            wy += integralY;
            wz += integralZ;
        } else {
            untrustedForS = 0;
            // Estimated up in the sensor frame: the second row of the rotation matrix.
            double vx = 2 * (qx * qy + qw * qz);
            double vy = 1 - 2 * (qx * qx + qz * qz);
            double vz = 2 * (qy * qz - qw * qx);
            double mx = ax / accNorm, my = ay / accNorm, mz = az / accNorm;
            double ex = my * vz - mz * vy;
            double ey = mz * vx - mx * vz;
            double ez = mx * vy - my * vx;
            boolean fast = sinceStartS < settings.startupS() || recoveringForS < settings.startupS();
            double k = fast ? settings.startupGain() : (quiet ? settings.stillGain() : settings.gain());
            if (!fast && quiet) { // learn from still moments only: while moving the accelerometer also sees motion
                integralX += settings.integralGain() * ex * dtS;
                integralY += settings.integralGain() * ey * dtS;
                integralZ += settings.integralGain() * ez * dtS;
            }
            wx += k * ex + integralX;
            wy += k * ey + integralY;
            wz += k * ez + integralZ;
            recoveringForS += dtS;
        }
        rotateBy(wx * dtS, wy * dtS, wz * dtS);
    }

    /** Sets the tilt so the estimated up equals the given unit vector (sensor frame); heading zero. */
    private void alignTo(double ux, double uy, double uz) {
        // Shortest rotation taking sensor-frame up (ux, uy, uz) onto world up (0, 1, 0).
        double w = 1 + uy;
        double x = -uz, y = 0, z = ux; // u x Y
        if (w < 1e-9) { // upside down: any half turn about a horizontal axis
            w = 0; x = 1; z = 0;
        }
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        qw = w / n; qx = x / n; qy = y / n; qz = z / n;
    }

    /** q = q * exp(theta/2), theta the rotation vector in the sensor frame, radians. */
    private void rotateBy(double tx, double ty, double tz) {
        double angle = Math.sqrt(tx * tx + ty * ty + tz * tz);
        if (angle < 1e-12) return;
        double half = angle / 2;
        double s, dw;
        if (angle < 1e-2) { // per-sample rotations are tiny: Taylor terms exact to 1e-13
            double a2 = angle * angle;
            s = 0.5 - a2 / 48;
            dw = 1 - a2 / 8 + a2 * a2 / 384;
        } else {
            s = Math.sin(half) / angle;
            dw = Math.cos(half);
        }
        double dx = tx * s, dy = ty * s, dz = tz * s;
        double nw = qw * dw - qx * dx - qy * dy - qz * dz;
        double nx = qw * dx + qx * dw + qy * dz - qz * dy;
        double ny = qw * dy - qx * dz + qy * dw + qz * dx;
        double nz = qw * dz + qx * dy - qy * dx + qz * dw;
        double n = Math.sqrt(nw * nw + nx * nx + ny * ny + nz * nz);
        qw = nw / n; qx = nx / n; qy = ny / n; qz = nz / n;
    }

    public boolean isInitialised() { return initialised; }

    /** Estimated world up in the sensor frame (unit vector). */
    public double upX() { return 2 * (qx * qy + qw * qz); }
    public double upY() { return 1 - 2 * (qx * qx + qz * qz); }
    public double upZ() { return 2 * (qy * qz - qw * qx); }

    /** The orientation as a unit quaternion (w, x, y, z), sensor to world. */
    public double[] quaternion() { return new double[] {qw, qx, qy, qz}; }

    /** True when the last sample's accelerometer was too far from 1 g to correct the tilt. */
    public boolean accelerationRejected() { return accelerationRejected; }

    /** True while the angular rate, low-passed over 0.2 s, is under 3 degrees per second. */
    public boolean isQuiet() {
        return Math.toDegrees(Math.sqrt(quietX * quietX + quietY * quietY + quietZ * quietZ)) < QUIET_DPS;
    }

    /** Forces a fast re-convergence (used after knocks or handling of the sensor). */
    public void recover() { recoveringForS = 0; }
}

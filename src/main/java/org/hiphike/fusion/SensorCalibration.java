package org.hiphike.fusion;

/**
 * The sensor's own errors, learnt from the still moments the wearer gives anyway: the gyroscope's
 * zero-rate offset (up to ±20 °/s on an MPU-6050) and the accelerometer's magnitude at rest (an
 * uncalibrated MPU-6050 reads about 1.07 g). Stillness is judged by how steady the readings are,
 * never by how close they are to zero or to 1 g, so an offset does not hide it.
 *
 * <p>Per sample {@link #update} takes raw readings and gives back, through the accessors, the
 * gyroscope with its offset removed (degrees per second, sensor frame) and the accelerometer
 * divided by its rest magnitude (g, sensor frame: 1 at rest whatever the sensor's scale).
 */
public final class SensorCalibration {
    /**
     * Settings, with named defaults.
     *
     * @param lowPassS            time constant of the low-pass filter the gyroscope's steadiness is judged on (s):
     *                            removes tremor (4-12 Hz) and sensor noise
     * @param accLowPassS         ... and the accelerometer's (s): also the sideways acceleration of a pelvis swaying
     *                            about 1 Hz, which tilts the accelerometer's reading, not the pelvis
     * @param stillS              the readings must stay steady this long to count as still (s)
     * @param maxTiltChangeDeg    while still, the accelerometer's direction stays within this of where the
     *                            still stretch began (deg): standing sway moves it by a few tenths of a degree and
     *                            has no mean; even a slow drop turns the pelvis by more within the still time
     * @param maxRateChangeDps    while still, each gyroscope axis stays within this of its value when the still
     *                            stretch began (°/s): sway and breathing, not movement; an offset is constant
     * @param maxNormChangeG      while still, |acc| stays within this of its value when the stretch began (g)
     * @param offsetTimeConstantS time constant of the gyroscope offset and rest magnitude estimates after the
     *                            first still stretch, which gives them as its mean (s): long enough to average sway away
     * @param firstTimeConstantS  time constant while the estimates are young (s): it grows from this to the one
     *                            above over the first seconds of stillness
     */
    public record Settings(double lowPassS, double accLowPassS, double stillS, double maxTiltChangeDeg,
            double maxRateChangeDps, double maxNormChangeG, double offsetTimeConstantS, double firstTimeConstantS) {
        public static final Settings DEFAULTS = new Settings(0.1, 0.1, 1.0, 1.0, 5.0, 0.05, 2.0, 0.3);
    }

    /** |acc| at rest is kept within this of 1 g: beyond it the accelerometer is broken or not in g. */
    private static final double MIN_REST_NORM_G = 0.8, MAX_REST_NORM_G = 1.25;

    private final Settings settings;
    private final double cosMaxTiltChange;
    private double lgx, lgy, lgz, lax, lay, laz; // low-passed raw readings
    private boolean primed;
    private double anchorGx, anchorGy, anchorGz, anchorAx, anchorAy, anchorAz, anchorNorm;
    private double steadyForS;
    private double offsetX, offsetY, offsetZ;
    private double restNormG = 1.0, firstRestNormG = Double.NaN;
    private double learntForS;
    private double gx, gy, gz, ax, ay, az; // corrected outputs of the last update
    private boolean still;

    public SensorCalibration(Settings settings) {
        this.settings = settings;
        this.cosMaxTiltChange = Math.cos(Math.toRadians(settings.maxTiltChangeDeg()));
    }

    /**
     * One raw sample.
     *
     * @param gyroXDps angular rate as read, degrees per second, sensor frame (and y, z)
     * @param accXG    specific force as read, g, sensor frame (and y, z)
     * @param dtS      seconds since the previous sample (0 for the first one, or after a gap)
     */
    public void update(double gyroXDps, double gyroYDps, double gyroZDps, double accXG, double accYG, double accZG, double dtS) {
        clockS += Math.max(0, dtS);
        if (!primed || dtS <= 0) {
            if (!primed) {
                lgx = gyroXDps; lgy = gyroYDps; lgz = gyroZDps;
                lax = accXG; lay = accYG; laz = accZG;
                primed = true;
                anchor();
                // A recording starts with the wearer nearly at rest more often than not: the first |acc| is the
                // best guess of the rest magnitude until a still stretch teaches it.
                restNormG = Math.max(MIN_REST_NORM_G, Math.min(MAX_REST_NORM_G, anchorNorm));
            }
        } else {
            double k = Math.min(1, dtS / settings.lowPassS());
            lgx += k * (gyroXDps - lgx);
            lgy += k * (gyroYDps - lgy);
            lgz += k * (gyroZDps - lgz);
            double ka = Math.min(1, dtS / settings.accLowPassS());
            lax += ka * (accXG - lax);
            lay += ka * (accYG - lay);
            laz += ka * (accZG - laz);
            double norm = Math.sqrt(accXG * accXG + accYG * accYG + accZG * accZG);
            if (steady()) {
                steadyForS += dtS;
                sumGx += gyroXDps * dtS;
                sumGy += gyroYDps * dtS;
                sumGz += gyroZDps * dtS;
                sumNorm += norm * dtS;
            } else {
                anchor();
            }
            still = steadyForS >= settings.stillS();
            if (still && learntForS == 0) {
                // The first still stretch: the pelvis did not turn on average, so the mean rate over it is the offset.
                offsetX = sumGx / steadyForS;
                offsetY = sumGy / steadyForS;
                offsetZ = sumGz / steadyForS;
                restNormG = Math.max(MIN_REST_NORM_G, Math.min(MAX_REST_NORM_G, sumNorm / steadyForS));
                if (Double.isNaN(firstRestNormG)) firstRestNormG = restNormG;
                learntForS = steadyForS;
                if (Double.isNaN(settledAtS)) settledAtS = clockS;
            } else if (still) {
                learn(gyroXDps, gyroYDps, gyroZDps, norm, dtS);
            }
        }
        gx = gyroXDps - offsetX;
        gy = gyroYDps - offsetY;
        gz = gyroZDps - offsetZ;
        double inv = 1 / restNormG;
        ax = accXG * inv;
        ay = accYG * inv;
        az = accZG * inv;
    }

    private boolean steady() {
        double n = Math.sqrt(lax * lax + lay * lay + laz * laz);
        if (n == 0 || anchorNorm == 0) return false;
        double cos = (lax * anchorAx + lay * anchorAy + laz * anchorAz) / (n * anchorNorm);
        double r = settings.maxRateChangeDps();
        return cos >= cosMaxTiltChange && Math.abs(n - anchorNorm) <= settings.maxNormChangeG()
                && Math.abs(lgx - anchorGx) <= r && Math.abs(lgy - anchorGy) <= r && Math.abs(lgz - anchorGz) <= r;
    }

    private void anchor() {
        anchorGx = lgx; anchorGy = lgy; anchorGz = lgz;
        anchorAx = lax; anchorAy = lay; anchorAz = laz;
        anchorNorm = Math.sqrt(lax * lax + lay * lay + laz * laz);
        steadyForS = 0;
        sumGx = sumGy = sumGz = sumNorm = 0;
    }

    private double sumGx, sumGy, sumGz, sumNorm; // raw readings integrated over the current steady stretch

    private double settledAtS = Double.NaN, clockS;

    private void learn(double gxRaw, double gyRaw, double gzRaw, double accNormG, double dtS) {
        double tau = Math.min(settings.offsetTimeConstantS(), settings.firstTimeConstantS() + learntForS);
        double k = Math.min(1, dtS / tau);
        offsetX += k * (gxRaw - offsetX);
        offsetY += k * (gyRaw - offsetY);
        offsetZ += k * (gzRaw - offsetZ);
        restNormG += k * (accNormG - restNormG);
        restNormG = Math.max(MIN_REST_NORM_G, Math.min(MAX_REST_NORM_G, restNormG));
        learntForS += dtS;
    }

    /** Gyroscope of the last sample with its offset removed, degrees per second, sensor frame. */
    public double gyroXDps() { return gx; }
    public double gyroYDps() { return gy; }
    public double gyroZDps() { return gz; }

    /** Accelerometer of the last sample divided by the rest magnitude, g, sensor frame. */
    public double accXG() { return ax; }
    public double accYG() { return ay; }
    public double accZG() { return az; }

    /** True while the readings have been steady for the still time. */
    public boolean isStill() { return still; }

    /** True once a still stretch has taught the offsets. */
    public boolean isLearnt() { return learntForS > 0; }

    /** True once a still stretch has given the offsets: the mean of its readings. */
    public boolean isSettled() { return learntForS > 0; }

    /** Seconds of samples (the sum of the time steps given) before the offsets settled; NaN before they have. */
    public double settledAtS() { return settledAtS; }

    /** The gyroscope's estimated zero-rate offset, degrees per second. */
    public double offsetXDps() { return offsetX; }
    public double offsetYDps() { return offsetY; }
    public double offsetZDps() { return offsetZ; }

    /** |acc| this sensor reads at rest, g. */
    public double restNormG() { return restNormG; }

    /**
     * |acc| read at rest over the first still stretch, g (1 before there was one): a fixed scale. The rest magnitude
     * above follows every still moment, holds at a tilt too, where a cheap accelerometer's offset reads up to 0.1 g
     * more or less; a measure of acceleration over seconds must not change its scale with them.
     */
    public double firstRestNormG() { return Double.isNaN(firstRestNormG) ? 1.0 : firstRestNormG; }
}

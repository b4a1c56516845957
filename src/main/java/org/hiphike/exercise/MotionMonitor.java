package org.hiphike.exercise;

/**
 * Stage "disturbance": motion that is not the exercise, told from the calibrated readings.
 *
 * <ul>
 *   <li>A <b>knock</b> on the sensor (a blow, or handling): the sensor accelerates or spins faster than the
 *       pelvis ever does in this exercise. Its own samples are spoiled; the pelvis has not moved.</li>
 *   <li>A <b>burst</b>: an impact, a fast rotation, or the acceleration of walking or stepping. A very fast
 *       drop with a knee bend is one too, and is over in about a second: a burst only becomes a
 *       disturbance when it lasts ({@link Settings#maxBurstS}).</li>
 *   <li><b>Turning</b>: the heading changes by more than {@link Settings#turnDeg} within
 *       {@link Settings#turnWindowS}. Turning round changes it by 180°; the pelvis twists during a
 *       step-down too, but by a few tens of degrees and back.</li>
 * </ul>
 * Bending and stepping are told later, against the level posture ({@link LevelPosture}) and by the
 * height the pelvis ends at ({@link KneeSink}).
 */
public final class MotionMonitor {
    /**
     * Settings, with named defaults.
     *
     * @param knockG           |acc| further than this from its rest value is a knock on the sensor (g): the pelvis
     *                         does not accelerate by 1 g in this exercise
     * @param spinDps          a rotation faster than this is the sensor being knocked or handled (°/s): a fast drop
     *                         turns the pelvis at under 100 °/s
     * @param impactG          |acc| further than this from rest is an impact (g): a step, a knock; a very fast drop
     *                         with a knee bend swings the sensor by up to 0.35 g
     * @param walkingRmsG      RMS of |acc| about rest over the last {@code energyWindowS} above this is walking or
     *                         stepping (g): walking reads 0.15-0.4 g, a controlled drop a few hundredths
     * @param energyWindowS    the window of that RMS (s): about two steps. A window, not a decaying average: one
     *                         impact (a knee giving way in a fast drop) leaves it after this long, while walking
     *                         keeps it up step after step
     * @param maxBurstS        a burst that lasts longer than this is walking or stepping, not a rep's own motion (s)
     * @param burstCalmS       a burst is over after this long without any of its signs (s)
     * @param turnDeg          a heading change larger than this is turning (deg)
     * @param turnWindowS      ... within this long (s): turning round takes 1.5-3 s
     * @param vigorousG        |acc| further than this from rest marks the wearer as still moving vigorously (g):
     *                         where walking or stepping ends, and a stance on the step begins
     * @param vigorousDps      ... and so does a rotation faster than this (°/s): turning round, standing up from
     *                         bending over; a controlled drop turns the pelvis at 10-30 °/s
     * @param turningDps       ... and a turn about the vertical faster than this (°/s): the end of turning round; a
     *                         drop turns the pelvis about its front-back axis, not the vertical
     */
    public record Settings(double knockG, double spinDps, double impactG, double walkingRmsG, double energyWindowS,
            double maxBurstS, double burstCalmS, double turnDeg, double turnWindowS, double vigorousG, double vigorousDps,
            double turningDps) {
        public static final Settings DEFAULTS = new Settings(1.0, 250, 0.45, 0.1, 0.5, 2.5, 0.5, 45, 3.0, 0.08, 40, 15);
    }

    /** What a disturbance was, for listeners and the live page. */
    static final String WALKING = "walking or stepping", TURNING = "turning";

    private static final int HEADING_SLOTS = 32;            // heading kept every turnWindowS / 30
    private final Settings settings;
    // squared deviation of |acc| times dt, over the energy window (a ring of samples)
    private static final int ENERGY_SLOTS = 4096; // a second at up to 4 kHz; beyond that the window is shorter
    private final double[] energyT = new double[ENERGY_SLOTS], energyE = new double[ENERGY_SLOTS];
    private int energyHead, energyCount;
    private double energySum;
    private double burstSinceS = Double.NaN, burstLastS = Double.NEGATIVE_INFINITY;
    private double lastVigorousS = Double.NEGATIVE_INFINITY;
    private double headingDeg;
    private final double[] headings = new double[HEADING_SLOTS];
    private int headingCount, headingNext;
    private double headingMin, headingMax; // of the kept headings: a turn is a heading beyond either by the turn
    private double nextHeadingS = Double.NEGATIVE_INFINITY;
    private boolean knock, burst, knockInBurst;
    /** |acc| above rest by more than this is a blow on the sensor (g): a fall of 8 cm stopped by the knee reads 1.4 g. */
    private static final double BLOW_G = 2.0;
    private String disturbance;

    MotionMonitor(Settings settings) { this.settings = settings; }

    /**
     * One calibrated sample.
     *
     * @param t         sensor time, seconds
     * @param dt        seconds since the previous sample (0 after a gap)
     * @param gx        angular rate with its offset removed, °/s, sensor frame (and gy, gz)
     * @param accNorm   |acc| in units of its rest magnitude (1 at rest)
     * @param ux        up in the sensor frame (and uy, uz)
     * @param headingValid whether the gyroscope's offset is known well enough to integrate the heading
     */
    void update(double t, double dt, double gx, double gy, double gz, double accNorm, double ux, double uy, double uz,
            boolean headingValid) {
        double deviationG = accNorm - 1;
        double rateDps = Math.sqrt(gx * gx + gy * gy + gz * gz);
        addEnergy(t, deviationG * deviationG * dt);
        double rmsG = Math.sqrt(Math.max(0, energySum) / settings.energyWindowS());
        knock = Math.abs(deviationG) > settings.knockG() || rateDps > settings.spinDps();
        boolean sign = knock || Math.abs(deviationG) > settings.impactG() || rmsG > settings.walkingRmsG();
        if (Math.abs(deviationG) > settings.vigorousG() || rateDps > settings.vigorousDps()) lastVigorousS = t;
        disturbance = null;
        if (sign) {
            if (Double.isNaN(burstSinceS)) {
                burstSinceS = t;
                knockInBurst = false;
            }
            // A blow or handling: a spin, or |acc| far above rest. A knee giving way is not: its free fall reads near
            // 0 g and its landing on the bending knee about 1.5 g above rest.
            if (rateDps > settings.spinDps() || deviationG > BLOW_G) knockInBurst = true;
            burstLastS = t;
            if (t - burstSinceS > settings.maxBurstS()) disturbance = WALKING;
        } else if (!Double.isNaN(burstSinceS) && t - burstLastS >= settings.burstCalmS()) {
            burstSinceS = Double.NaN;
        }
        burst = !Double.isNaN(burstSinceS);
        double yawRateDps = gx * ux + gy * uy + gz * uz;
        if (headingValid && Math.abs(yawRateDps) > settings.turningDps()) lastVigorousS = t;
        trackHeading(t, dt, yawRateDps, headingValid);
        if (disturbance == null && turned()) disturbance = TURNING;
    }

    private void addEnergy(double t, double e) {
        while (energyCount > 0) {
            int oldest = Math.floorMod(energyHead - energyCount, ENERGY_SLOTS);
            if (energyCount < ENERGY_SLOTS && energyT[oldest] > t - settings.energyWindowS()) break;
            energySum -= energyE[oldest];
            energyCount--;
        }
        if (energyCount == 0) energySum = 0; // no rounding left over from what has left the window
        energyT[energyHead] = t;
        energyE[energyHead] = e;
        energyHead = (energyHead + 1) % ENERGY_SLOTS;
        energyCount++;
        energySum += e;
    }

    private void trackHeading(double t, double dt, double yawRateDps, boolean valid) {
        if (!valid) {
            resetHeading();
            return;
        }
        if (dt > 0) headingDeg += yawRateDps * dt;
        if (t >= nextHeadingS) {
            headings[headingNext] = headingDeg;
            headingNext = (headingNext + 1) % HEADING_SLOTS;
            headingCount = Math.min(HEADING_SLOTS, headingCount + 1);
            headingMin = Double.POSITIVE_INFINITY;
            headingMax = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < headingCount; i++) {
                headingMin = Math.min(headingMin, headings[i]);
                headingMax = Math.max(headingMax, headings[i]);
            }
            nextHeadingS = t + settings.turnWindowS() / (HEADING_SLOTS - 2);
        }
    }

    private boolean turned() {
        return headingCount > 0 && (headingDeg - headingMin > settings.turnDeg() || headingMax - headingDeg > settings.turnDeg());
    }

    /** Forgets the heading history (after a turn has been reported: the next one starts from here). */
    void resetHeading() {
        headingCount = 0;
        headingNext = 0;
        nextHeadingS = Double.NEGATIVE_INFINITY;
    }

    /** This sample is a knock on the sensor: the pelvis has not moved with it. */
    boolean knock() { return knock; }

    /** A burst of motion is going on (or ended less than the calm time ago). */
    boolean inBurst() { return burst; }

    /** When the current burst began (NaN when none). */
    double burstSinceS() { return burstSinceS; }

    /** Whether the current (or last) burst had a knock in it: it is the sensor's, not a movement of the pelvis. */
    boolean knockInBurst() { return knockInBurst; }

    /** When the last sign of a burst was seen (s); negative infinity before any. */
    double burstLastS() { return burstLastS; }

    /** The disturbance this sample shows (walking, turning), or null. */
    String disturbance() { return disturbance; }

    /** The last time the wearer moved vigorously (|acc| off rest by more than {@link Settings#vigorousG}, or fast rotation). */
    double lastVigorousS() { return lastVigorousS; }
}

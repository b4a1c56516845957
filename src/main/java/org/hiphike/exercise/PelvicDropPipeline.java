package org.hiphike.exercise;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;
import org.hiphike.fusion.MahonyAhrs;

/**
 * The measuring pipeline: one {@link #update} per sample, in time order, from any source (live
 * sensor, replay, analysis of a file). No threads, I/O or wall clock: time is the sensor's.
 *
 * <p>Per sample: the orientation filter gives the direction of gravity in the sensor frame; a
 * level posture is taken from the latest still stretch (mounting tilt is compensated because
 * everything is measured against it); the front-back axis is found from the drop movement itself
 * (the principal direction of the tilt, so a sensor clipped 30 degrees off still measures the
 * true drop); the signed pelvic obliquity feeds a rep detector that applies the definitions of
 * spec section 4; a rep's metrics are computed on the rep's stored trace with the final axis;
 * the support hip's sink comes from the vertical acceleration integrated between still moments,
 * minus the sink the drop rotation explains. Motion that is not the exercise (impacts, fast spins,
 * turning, bending, stepping) drops any unfinished rep and requires a new level posture.
 */
public final class PelvicDropPipeline {
    static final double G = 9.80665;
    private static final int CAPACITY = 1 << 15; // > 160 s at 200 Hz
    private static final int MASK = CAPACITY - 1;
    private static final double ENERGY_TIME_CONSTANT_S = 1.0;
    private static final double REST_TIME_CONSTANT_S = 2.0;
    private static final double STILL_LOW_PASS_S = 0.2;
    private static final double MAX_LEVEL_SPREAD_DEG = 0.5;
    private static final double SETTLING_LEVEL_SPREAD_DEG = 0.65, SETTLING_WINDOW_S = 2.0;
    private static final double MAX_RELEVEL_SHIFT_DEG = 2.5;
    private static final double AXIS_PERCENTILE = 0.3;
    private static final double STALE_LEVEL_S = 20.0;
    // A transient that lasts longer than this is sustained motion (walking, stepping): a disturbance.
    private static final double MAX_TRANSIENT_S = 2.5, TRANSIENT_CALM_S = 0.5;
    // |acc| this far from rest, or a rotation faster than the spin limit, is a knock on the sensor itself.
    private static final double KNOCK_G = 1.0;
    // Still moments that teach the accelerometer's tilt-dependent error: this far inside a still stretch.
    private static final double STILL_LEAD_S = 0.5, STILL_TAIL_S = 0.5;
    // A rep is confirmed once the wearer is still, or this long after the confirmation delay.
    private static final double MAX_EXTRA_CONFIRM_S = 3.0;
    // Still runs inside a rep anchor the vertical velocity at zero when, trimmed as for learning, they last this long.
    private static final double MIN_ANCHOR_S = 0.2;
    // A rep ends at the height it started from; a pelvis this much higher or lower has stepped on or off the step.
    private static final double MAX_REP_HEIGHT_CHANGE_M = 0.12;
    // The wearer's mean posture before a set's level: the undisturbed stretch this long before the level's window.
    private static final double POSTURE_HISTORY_S = 4.0, POSTURE_SETTLE_S = 0.5, POSTURE_CONE_DEG = 6.0;

    private final PipelineSettings settings;
    private final Thresholds thresholds;
    private final PipelineListener listener;
    private final MahonyAhrs ahrs;
    private final double cosMaxTilt, sinMaxPitch;
    private int axisContributions;

    // Ring buffer of the recent trace; index n counts samples since the start.
    private final double[] time = new double[CAPACITY];
    private final double[] upX = new double[CAPACITY], upY = new double[CAPACITY], upZ = new double[CAPACITY];
    private final double[] verticalAcc = new double[CAPACITY]; // m/s², up positive, gravity removed
    private final boolean[] stillAt = new boolean[CAPACITY];    // the wearer was still (rate and |acc| steady)
    // Running sums of the accelerometer's direction: the level posture is its mean over a still stretch.
    private final double[] sumX = new double[CAPACITY], sumY = new double[CAPACITY], sumZ = new double[CAPACITY];
    private long n; // samples stored
    private double lastTimeS = Double.NaN;
    private long outOfOrder;

    // Stillness and level posture.
    private double restAccNormG = 1.0; // |acc| of this sensor at rest (scale and bias make it differ from 1 g)
    private double accEnergyG2;        // low-passed square of |acc| - restAccNormG: sustained motion such as walking
    private double lpRateX, lpRateY, lpRateZ, lpAccNormG = 1; // low-passed readings for stillness (tremor removed)
    private double quietSinceS = Double.NaN;
    private double nextLevelCheckS = Double.NEGATIVE_INFINITY;
    private boolean referenceValid;
    private double refX, refY, refZ; // level up, sensor frame
    private boolean hadReference;    // refX.. hold the level of before the latest disturbance
    private boolean settling;        // the level was lost to walking, stepping or turning: the wearer is settling
    private double referenceTakenS;  // when the level posture was last taken or confirmed by a still stretch
    private double disturbedS = Double.NEGATIVE_INFINITY; // when motion that is not the exercise last ended the level
    // Where the level of a set was taken (its window's first sample and mean up, sensor frame, and since when
    // the wearer was undisturbed), and whether the next rep is the first measured from it.
    private long levelWindowStart;
    private double levelWindowX, levelWindowY, levelWindowZ, levelUndisturbedS;
    private boolean firstOfLevel;
    private double repHeightChangeM; // net height change of the support hip over the rep last measured
    // A transient (impact, fast rotation, burst of motion) under a valid level: since when, last seen, why.
    private double transientSinceS = Double.NaN, transientLastS;
    private String transientReason;
    private boolean knockTransient;  // the transient includes a knock on the sensor
    // Side of the reps counted under this level posture (+1 left, -1 right, 0 none yet). Standing sideways
    // on the step, only the hanging side can drop; the other way is that side hiking up. Changing sides
    // means turning round (a new level) or a pause long enough to end the set.
    private int levelSign;
    private double nomXx, nomXy, nomXz, nomZx, nomZy, nomZz; // basis of the level plane
    private double covAA, covBB, covAB; // time-weighted covariance of the tilt in that basis
    private double axisX, axisY, axisZ; // current estimate of the wearer's right, sensor frame
    // Each counted rep's own direction of tilt (angle from the nominal right toward back, radians, times
    // the rep's side sign). A knee bend tilts the pelvis forward as it sinks, which turns a rep's direction
    // one way only, so the set's axis is a low percentile of these: the direction the clean reps share.
    private final double[] repAxisAngles = new double[64];
    // Least squares of the vertical acceleration at still moments against the tilt (1, a, b in the level
    // plane): the accelerometer's own tilt-dependent error (scale, cross-axis, bias seen at another angle),
    // removed before the knee's sink is integrated. Normal equations, time-weighted.
    private final double[] errorXtX = new double[9], errorXtY = new double[3];
    private int repAxisCount;
    private long learnedThrough = -1; // last stored sample the error model has learnt from
    private double backX, backY, backZ; // current estimate of the wearer's back, sensor frame

    // Current excursion from level.
    private boolean inExcursion;
    private int sign; // +1 left side down, -1 right side down
    private long excursionStart; // index of the last level sample before it
    private double peakDeg;
    private double holdEnteredS;
    private boolean excursionSpoiled;
    private double obliquityDeg;
    private Phase phase = Phase.WAITING_FOR_LEVEL;

    // A rep that has returned to level and waits for the still margin after it.
    private long pendingStart = -1, pendingEnd;
    private int pendingSign;

    private final List<Rep> reps = new ArrayList<>();
    private Rep lastRep;
    private int setIndex;

    public PelvicDropPipeline(PipelineSettings settings, PipelineListener listener) {
        this.settings = settings;
        this.thresholds = settings.thresholds();
        this.listener = listener == null ? new PipelineListener() {} : listener;
        this.ahrs = new MahonyAhrs(settings.fusion());
        this.cosMaxTilt = Math.cos(Math.toRadians(settings.maxTiltDeg()));
        this.sinMaxPitch = Math.sin(Math.toRadians(settings.maxPitchDeg()));
    }

    public PelvicDropPipeline(PipelineSettings settings) { this(settings, null); }

    /** Feeds one sample. Samples older than the previous one are counted and skipped. */
    public void update(ImuSample sample) {
        double t = sample.timeS();
        if (!Double.isFinite(t) || t < lastTimeS || !sample.accG().isFinite() || !sample.gyroDps().isFinite()) {
            outOfOrder++;
            return;
        }
        double dt = Double.isNaN(lastTimeS) ? 0 : t - lastTimeS;
        lastTimeS = t;
        Vec3 acc = sample.accG();
        Vec3 gyro = sample.gyroDps();
        ahrs.update(gyro, acc, dt);
        if (!ahrs.isInitialised()) return;

        double ux = ahrs.upX(), uy = ahrs.upY(), uz = ahrs.upZ();
        double accNorm = acc.norm();
        double wx = gyro.x() - ahrs.gyroBias().x(), wy = gyro.y() - ahrs.gyroBias().y(), wz = gyro.z() - ahrs.gyroBias().z();
        double rateDps = Math.sqrt(wx * wx + wy * wy + wz * wz);
        double yawRateDps = Math.abs(wx * ux + wy * uy + wz * uz);

        double accDeviationG = accNorm - restAccNormG;
        if (dt > 0 && dt <= settings.fusion().maxGapS()) {
            double k = Math.min(1, dt / STILL_LOW_PASS_S);
            lpRateX += k * (wx - lpRateX);
            lpRateY += k * (wy - lpRateY);
            lpRateZ += k * (wz - lpRateZ);
            lpAccNormG += k * (accNorm - lpAccNormG);
            accEnergyG2 += Math.min(1, dt / ENERGY_TIME_CONSTANT_S) * (accDeviationG * accDeviationG - accEnergyG2);
        }
        double lpRateDps = Math.sqrt(lpRateX * lpRateX + lpRateY * lpRateY + lpRateZ * lpRateZ);
        double lpAccDeviationG = lpAccNormG - restAccNormG;
        if (dt > 0 && (lpRateDps < settings.stillGyroDps() || ahrs.gyroBias().isStill()) && Math.abs(lpAccDeviationG) < 0.15) {
            restAccNormG += Math.min(1, dt / REST_TIME_CONSTANT_S) * lpAccDeviationG;
            restAccNormG = Math.max(0.8, Math.min(1.2, restAccNormG));
        }
        double motionRmsG = Math.sqrt(accEnergyG2);

        // Brief events (an impact, a fast rotation, a burst of motion) are transient: while the level posture
        // is valid they only suspend the rep logic, and become a disturbance when they last. A knock hits the
        // sensor, not the pelvis: its own samples keep the pelvis's previous orientation and vertical acceleration.
        String disturbance = null;
        boolean transientKind = true;
        boolean knock = Math.abs(accDeviationG) > KNOCK_G || rateDps > settings.spinDps();
        if (Math.abs(accDeviationG) > settings.impactG()) disturbance = "impact";
        else if (rateDps > settings.spinDps()) disturbance = "fast rotation";
        else if (yawRateDps > settings.turnDps()) {
            disturbance = "turning";
            transientKind = false;
        } else if (motionRmsG > settings.walkingRmsG()) disturbance = "walking or stepping";

        double vAcc = (acc.x() * ux + acc.y() * uy + acc.z() * uz - 1) * G;
        if (knock && referenceValid && n > 0) {
            int prev = (int) ((n - 1) & MASK);
            ux = upX[prev];
            uy = upY[prev];
            uz = upZ[prev];
            vAcc = verticalAcc[prev];
        }
        store(t, ux, uy, uz, vAcc, acc, accNorm);

        boolean quiet = lpRateDps < settings.stillGyroDps() && Math.abs(lpAccDeviationG) < settings.stillAccG();
        if (!quiet) quietSinceS = Double.NaN;
        else if (Double.isNaN(quietSinceS)) quietSinceS = t;
        stillAt[(int) ((n - 1) & MASK)] = quiet;

        if (referenceValid && (disturbance == null || transientKind)) {
            double dot = ux * refX + uy * refY + uz * refZ;
            double px = ux - dot * refX, py = uy - dot * refY, pz = uz - dot * refZ;
            double sinPitch = px * backX + py * backY + pz * backZ;
            if (dot < cosMaxTilt) {
                disturbance = "bending or stepping";
                transientKind = false;
            } else if (Math.abs(sinPitch) > sinMaxPitch) {
                disturbance = "bending";
                transientKind = false;
            }
        }
        if (disturbance != null && transientKind && referenceValid) {
            if (Double.isNaN(transientSinceS)) {
                transientSinceS = t;
                transientReason = disturbance;
            }
            transientLastS = t;
            if (knock) {
                ahrs.recover();
                knockTransient = true;
            }
            if (t - transientSinceS > MAX_TRANSIENT_S) {
                disturb(t, transientReason);
                disturbance = transientReason;
            } else {
                disturbance = null;
            }
        } else if (disturbance != null) {
            disturb(t, disturbance);
        } else if (!Double.isNaN(transientSinceS) && t - transientLastS >= TRANSIENT_CALM_S) {
            transientSinceS = Double.NaN;
            knockTransient = false;
        }
        boolean inTransient = !Double.isNaN(transientSinceS);
        if (disturbance == null && !inTransient) considerLevelPosture(t);

        if (!referenceValid) {
            phase = phase == Phase.NOT_EXERCISE && disturbance == null && !Double.isNaN(quietSinceS)
                    ? Phase.WAITING_FOR_LEVEL : (disturbance != null ? Phase.NOT_EXERCISE : phase);
            obliquityDeg = 0;
            return;
        }
        if (!inExcursion && pendingStart < 0 && !setActive(t) && t - referenceTakenS > STALE_LEVEL_S) {
            // Between sets the level is the still posture just before the next set's first rep; one that no
            // still stretch has confirmed for this long is stale (the wearer may sway or stand differently).
            referenceValid = false;
            phase = Phase.WAITING_FOR_LEVEL;
            obliquityDeg = 0;
            return;
        }
        trackAxis(ux, uy, uz, dt);
        // Only well inside a still stretch: its first moments may be the end of a slow sink (quiet by rate before
        // the hip has stopped), its last ones the start of the next movement (the low-passed rate lags). So a
        // sample is learnt once the stillness has lasted STILL_TAIL_S beyond it.
        if (quiet && t - quietSinceS >= STILL_LEAD_S + STILL_TAIL_S) {
            double from = quietSinceS + STILL_LEAD_S, to = t - STILL_TAIL_S;
            long k = Math.max(learnedThrough + 1, oldest() + 1);
            for (; k < n && t(k) <= to; k++) { // each stored sample is passed once
                double step = t(k) - t(k - 1);
                if (t(k) > from && step > 0 && step <= settings.fusion().maxGapS()) learnVerticalError(k, step);
            }
            learnedThrough = k - 1;
        }
        obliquityDeg = obliquityAt(n - 1);
        detect(t);
        if (!inTransient) finishPendingIfDue(t, quiet);
    }

    /** Finishes the stream: a rep waiting for its still margin is counted with what there is. */
    public void finish() {
        if (pendingStart >= 0) finalizePending();
    }

    public List<Rep> reps() { return List.copyOf(reps); }

    public long skippedSamples() { return outOfOrder; }

    public PipelineState state() {
        double drop = inExcursion ? sign * obliquityDeg : 0;
        Side side = inExcursion ? sideOf(sign) : (lastRep != null ? lastRep.side() : null);
        double holdS = inExcursion && phase == Phase.HOLD ? lastTimeS - holdEnteredS : 0;
        return new PipelineState(lastTimeS, phase, obliquityDeg, drop, side, holdS, reps.size(), setIndex);
    }

    // ---- buffer ----

    private void store(double t, double ux, double uy, double uz, double vAcc, Vec3 acc, double accNorm) {
        int i = (int) (n & MASK);
        int prev = (int) ((n - 1) & MASK);
        time[i] = t;
        upX[i] = ux;
        upY[i] = uy;
        upZ[i] = uz;
        verticalAcc[i] = vAcc;
        double inv = accNorm > 0 ? 1 / accNorm : 0;
        sumX[i] = (n == 0 ? 0 : sumX[prev]) + acc.x() * inv;
        sumY[i] = (n == 0 ? 0 : sumY[prev]) + acc.y() * inv;
        sumZ[i] = (n == 0 ? 0 : sumZ[prev]) + acc.z() * inv;
        n++;
        // Keep the running sums small so precision holds over hours.
        if ((n & 0xFFFFF) == 0) rebaseSums();
    }

    private void rebaseSums() {
        long oldest = Math.max(0, n - CAPACITY);
        int o = (int) (oldest & MASK);
        double bx = sumX[o], by = sumY[o], bz = sumZ[o];
        for (long k = oldest; k < n; k++) {
            int i = (int) (k & MASK);
            sumX[i] -= bx;
            sumY[i] -= by;
            sumZ[i] -= bz;
        }
    }

    private double t(long k) { return time[(int) (k & MASK)]; }

    private long oldest() { return Math.max(0, n - CAPACITY + 1); }

    /** Index of the last sample at or before time {@code s} (not before {@code floor}). */
    private long indexAtOrBefore(double s, long floor) {
        long lo = Math.max(floor, oldest()), hi = n - 1;
        if (t(lo) > s) return lo;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (t(mid) <= s) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    // ---- level posture and axis ----

    private void disturb(double t, String reason) {
        if (inExcursion || phase != Phase.NOT_EXERCISE) listener.notExercise(t, reason);
        // A rep that ended moments ago and runs straight into stepping or a knock was the start of that motion.
        pendingStart = -1;
        disturbedS = t;
        transientSinceS = Double.NaN;
        knockTransient = false;
        if (inExcursion) excursionSpoiled = true;
        inExcursion = false;
        referenceValid = false;
        settling = true;
        quietSinceS = Double.NaN;
        phase = Phase.NOT_EXERCISE;
        ahrs.recover();
    }

    private void considerLevelPosture(double t) {
        if (Double.isNaN(quietSinceS)) return;
        double guardS = 0.2; // the window ends a little before now: the first instants of a movement are quiet too
        double quietS = t - quietSinceS;
        // Just after stepping onto the step the wearer settles: the posture still drifts a little, so the
        // first level after such motion may spread a little more, over a longer window.
        boolean settlingNow = settling && !referenceValid;
        double neededS = settlingNow ? Math.max(settings.stillWindowS(), SETTLING_WINDOW_S) : settings.stillWindowS();
        if (quietS < neededS + guardS) return;
        boolean setActive = setActive(t);
        if (referenceValid && (setActive || (inExcursion && peakDeg >= thresholds.minPeakDeg()))) return;
        if (t < nextLevelCheckS) return; // checked ten times a second: the window scan is not per-sample work
        nextLevelCheckS = t + 0.1;
        double windowS = Math.min(quietS - guardS, 2.0);
        long end = indexAtOrBefore(t - guardS, 0);
        long start = indexAtOrBefore(t - guardS - windowS, 0);
        if (end - start < 5) return;
        int e = (int) (end & MASK), s = (int) (start & MASK);
        double mx = sumX[e] - sumX[s], my = sumY[e] - sumY[s], mz = sumZ[e] - sumZ[s];
        double norm = Math.sqrt(mx * mx + my * my + mz * mz);
        if (norm == 0) return;
        // Standing still: the pelvis stays within half a degree of the mean for the whole window
        // (the turning point of a slow sway is quiet too, but not this steady for this long).
        double fx = 0, fy = 0, fz = 0;
        for (long k = start + 1; k <= end; k++) {
            int i = (int) (k & MASK);
            fx += upX[i];
            fy += upY[i];
            fz += upZ[i];
        }
        double fn = Math.sqrt(fx * fx + fy * fy + fz * fz);
        double cosLimit = Math.cos(Math.toRadians(settlingNow ? SETTLING_LEVEL_SPREAD_DEG : MAX_LEVEL_SPREAD_DEG));
        for (long k = start + 1; k <= end; k++) {
            int i = (int) (k & MASK);
            if ((upX[i] * fx + upY[i] * fy + upZ[i] * fz) / fn < cosLimit) return;
        }
        if (!referenceValid && setActive && hadReference) {
            // A knock in the middle of a set: the clip has not moved, so the level is where it was. A still
            // posture far from it is the bottom of a hold, not level; wait for one near the old level.
            double c = (mx * refX + my * refY + mz * refZ) / norm;
            if (c < Math.cos(Math.toRadians(MAX_RELEVEL_SHIFT_DEG))) return;
        }
        boolean wasValid = referenceValid;
        if (!setActive) {
            // Kept to compare the set's first rep with the posture held before (see meanPostureBeforeLevel).
            levelWindowStart = start;
            levelWindowX = mx / norm;
            levelWindowY = my / norm;
            levelWindowZ = mz / norm;
            levelUndisturbedS = disturbedS;
            firstOfLevel = true;
        }
        setReference(mx / norm, my / norm, mz / norm, !wasValid);
        hadReference = true;
        settling = false;
        referenceTakenS = t;
        if (inExcursion) inExcursion = false; // a small excursion that settled: this is the new level
        phase = Phase.LEVEL;
        if (!wasValid) listener.levelTaken(t);
    }

    /**
     * The wearer's mean posture in the undisturbed seconds before the set's level window (up to
     * {@link #POSTURE_HISTORY_S}; the level window itself when there are none), sensor frame. Standing still
     * it is the level; in a slow sway whose turning point passed for stillness it lies toward the sway's
     * other side. Samples tilted more than {@link #POSTURE_CONE_DEG} from the level are the end of bending
     * over, not a posture.
     */
    private double[] meanPostureBeforeLevel() {
        double wx = levelWindowX, wy = levelWindowY, wz = levelWindowZ;
        double from = Math.max(levelUndisturbedS + POSTURE_SETTLE_S, t(levelWindowStart) - POSTURE_HISTORY_S);
        long h = indexAtOrBefore(from, 0);
        double cone = Math.cos(Math.toRadians(POSTURE_CONE_DEG));
        double px = 0, py = 0, pz = 0;
        for (long k = h + 1; k <= levelWindowStart; k++) {
            int i = (int) (k & MASK);
            double dt = time[i] - t(k - 1);
            if (upX[i] * wx + upY[i] * wy + upZ[i] * wz < cone) continue;
            px += upX[i] * dt;
            py += upY[i] * dt;
            pz += upZ[i] * dt;
        }
        double pn = Math.sqrt(px * px + py * py + pz * pz);
        return pn > 0 ? new double[] {px / pn, py / pn, pz / pn} : new double[] {wx, wy, wz};
    }

    private boolean setActive(double t) {
        return pendingStart >= 0 || (lastRep != null && t - lastRep.endS() <= SetGrouping.MAX_GAP_S);
    }

    private void setReference(double x, double y, double z, boolean newMounting) {
        refX = x;
        refY = y;
        refZ = z;
        // The wearer's right as first guess: the sensor's x axis in the level plane (z if x is near vertical).
        double d = refX;
        double ax = 1 - d * refX, ay = -d * refY, az = -d * refZ;
        double an = Math.sqrt(ax * ax + ay * ay + az * az);
        if (an < 0.3) {
            d = refZ;
            double bx = -d * refX, by = -d * refY, bz = 1 - d * refZ;
            double bn = Math.sqrt(bx * bx + by * by + bz * bz);
            // right = up x back
            ax = refY * bz / bn - refZ * by / bn;
            ay = refZ * bx / bn - refX * bz / bn;
            az = refX * by / bn - refY * bx / bn;
            an = Math.sqrt(ax * ax + ay * ay + az * az);
        }
        nomXx = ax / an;
        nomXy = ay / an;
        nomXz = az / an;
        // back = right x up
        nomZx = nomXy * refZ - nomXz * refY;
        nomZy = nomXz * refX - nomXx * refZ;
        nomZz = nomXx * refY - nomXy * refX;
        if (newMounting) {
            levelSign = 0;
            // Prior: a little evidence for the nominal axis, outweighed by the first rep.
            double prior = 0.3 * Math.pow(Math.sin(Math.toRadians(3)), 2);
            covAA = prior;
            repAxisCount = 0;
            java.util.Arrays.fill(errorXtX, 0);
            java.util.Arrays.fill(errorXtY, 0);
            covBB = 0;
            covAB = 0;
        }
        updateAxis();
        referenceValid = true;
    }

    private void trackAxis(double ux, double uy, double uz, double dt) {
        if (dt <= 0 || dt > settings.fusion().maxGapS()) return;
        double dot = ux * refX + uy * refY + uz * refZ;
        double px = ux - dot * refX, py = uy - dot * refY, pz = uz - dot * refZ;
        double a = px * nomXx + py * nomXy + pz * nomXz;
        double b = px * nomZx + py * nomZy + pz * nomZz;
        if (a * a + b * b < Math.pow(Math.sin(Math.toRadians(1.0)), 2)) return;
        covAA += a * a * dt;
        covBB += b * b * dt;
        covAB += a * b * dt;
        // The principal direction moves slowly: refreshing it every tenth contribution is plenty.
        if (repAxisCount == 0 && ++axisContributions % 10 == 0) updateAxis();
    }

    private void updateAxis() {
        setAxisAngle(0.5 * Math.atan2(2 * covAB, covAA - covBB)); // principal direction, within +-90 degrees of nominal
    }

    private void setAxisAngle(double phi) {
        double c = Math.cos(phi), s = Math.sin(phi);
        axisX = c * nomXx + s * nomZx;
        axisY = c * nomXy + s * nomZy;
        axisZ = c * nomXz + s * nomZz;
        // back = right x up
        backX = axisY * refZ - axisZ * refY;
        backY = axisZ * refX - axisX * refZ;
        backZ = axisX * refY - axisY * refX;
    }

    /**
     * The principal direction of a rep's tilt in the level plane: the angle from the nominal right
     * toward back, radians, folded into +-90 degrees; NaN when the rep barely tilts.
     */
    private double repDirection(long from, long to) {
        double aa = 0, bb = 0, ab = 0;
        for (long k = Math.max(from, oldest()); k <= to; k++) {
            int i = (int) (k & MASK);
            double dot = upX[i] * refX + upY[i] * refY + upZ[i] * refZ;
            double px = upX[i] - dot * refX, py = upY[i] - dot * refY, pz = upZ[i] - dot * refZ;
            double a = px * nomXx + py * nomXy + pz * nomXz;
            double b = px * nomZx + py * nomZy + pz * nomZz;
            aa += a * a;
            bb += b * b;
            ab += a * b;
        }
        if (aa + bb < 1e-6) return Double.NaN;
        return 0.5 * Math.atan2(2 * ab, aa - bb);
    }

    private double tiltError(double[] model, long k) {
        int i = (int) (k & MASK);
        double dot = upX[i] * refX + upY[i] * refY + upZ[i] * refZ;
        double px = upX[i] - dot * refX, py = upY[i] - dot * refY, pz = upZ[i] - dot * refZ;
        // the constant part is left to the integration's own correction
        return model[1] * (px * nomXx + py * nomXy + pz * nomXz) + model[2] * (px * nomZx + py * nomZy + pz * nomZz);
    }

    private void learnVerticalError(long k, double weight) {
        int i = (int) (k & MASK);
        double dot = upX[i] * refX + upY[i] * refY + upZ[i] * refZ;
        double px = upX[i] - dot * refX, py = upY[i] - dot * refY, pz = upZ[i] - dot * refZ;
        double x1 = px * nomXx + py * nomXy + pz * nomXz, x2 = px * nomZx + py * nomZy + pz * nomZz;
        double y = verticalAcc[i];
        // per sample and allocation-free: the symmetric normal equations of (1, x1, x2)
        errorXtX[0] += weight;
        errorXtX[1] += weight * x1;
        errorXtX[2] += weight * x2;
        errorXtX[4] += weight * x1 * x1;
        errorXtX[5] += weight * x1 * x2;
        errorXtX[8] += weight * x2 * x2;
        errorXtX[3] = errorXtX[1];
        errorXtX[6] = errorXtX[2];
        errorXtX[7] = errorXtX[5];
        errorXtY[0] += weight * y;
        errorXtY[1] += weight * x1 * y;
        errorXtY[2] += weight * x2 * y;
    }

    /**
     * Coefficients of the tilt-dependent error of the vertical acceleration (m/s² per unit tilt), or
     * zeros while the still moments do not span enough tilt. A small ridge keeps an unseen direction at 0.
     */
    private double[] verticalErrorModel() {
        double ridge = 0.05 * Math.pow(Math.sin(Math.toRadians(3)), 2); // about 0.05 s at a 3 degree tilt
        double[][] m = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) m[r][c] = errorXtX[3 * r + c] + (r == c && r > 0 ? ridge : 0);
            m[r][3] = errorXtY[r];
        }
        if (m[0][0] <= 0) return new double[3];
        for (int col = 0; col < 3; col++) { // Gaussian elimination with partial pivoting
            int pivot = col;
            for (int r = col + 1; r < 3; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            double[] tmp = m[col]; m[col] = m[pivot]; m[pivot] = tmp;
            if (Math.abs(m[col][col]) < 1e-15) return new double[3];
            for (int r = 0; r < 3; r++) {
                if (r == col) continue;
                double f = m[r][col] / m[col][col];
                for (int c = col; c < 4; c++) m[r][c] -= f * m[col][c];
            }
        }
        return new double[] {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
    }

    /** Signed obliquity of stored sample k with the current axis, degrees, positive when the left side is down. */
    private double obliquityAt(long k) {
        int i = (int) (k & MASK);
        double dot = upX[i] * refX + upY[i] * refY + upZ[i] * refZ;
        double a = (upX[i] - dot * refX) * axisX + (upY[i] - dot * refY) * axisY + (upZ[i] - dot * refZ) * axisZ;
        return Math.toDegrees(Math.asin(clamp(a)));
    }

    // ---- rep detection ----

    private void detect(double t) {
        double level = thresholds.levelDeg();
        double s = obliquityDeg;
        if (inExcursion) {
            double d = sign * s;
            if (d > peakDeg) {
                peakDeg = d;
            }
            if (d >= peakDeg - thresholds.holdBandDeg()) {
                if (phase != Phase.HOLD) holdEnteredS = t;
                phase = Phase.HOLD;
            } else {
                phase = phase == Phase.HOLD || phase == Phase.RAISING ? Phase.RAISING : Phase.LOWERING;
            }
            if (t - t(excursionStart) > settings.maxRepS()) {
                // No rep stays away from level this long: the level itself was taken at a wrong moment
                // (for instance at the bottom of a first rep). Take it again at the next still stretch.
                excursionSpoiled = true;
                inExcursion = false;
                referenceValid = false;
                phase = Phase.WAITING_FOR_LEVEL;
                return;
            }
            if (d <= level) {
                endExcursion(n - 1);
                if (-d > level) startExcursion(-sign); // passed straight through level between two samples
            }
        } else if (Math.abs(s) > level) {
            startExcursion(s > 0 ? 1 : -1);
        } else {
            phase = Phase.LEVEL;
        }
    }

    private void startExcursion(int newSign) {
        // A rep waiting for confirmation keeps waiting: a tilt that runs into stepping off often tilts again first.
        inExcursion = true;
        sign = newSign;
        excursionStart = Math.max(oldest(), n - 2);
        peakDeg = sign * obliquityDeg;
        // After a knock the orientation re-converges for a moment: a tilt that starts then is not the pelvis.
        excursionSpoiled = knockTransient;
        phase = Phase.LOWERING;
    }

    private void endExcursion(long endIndex) {
        inExcursion = false;
        phase = Phase.LEVEL;
        if (excursionSpoiled || peakDeg < thresholds.minPeakDeg()) return;
        if (levelSign != 0 && sign != levelSign && setActive(t(endIndex))) return;
        if (!Double.isNaN(transientSinceS)) {
            // Inside a burst of motion: a tilt that began within it is part of that motion, and nothing is
            // confirmed until the burst is over (it may turn out to be walking or stepping).
            if (t(excursionStart) >= transientSinceS || pendingStart >= 0) return;
        } else if (pendingStart >= 0) {
            // Two tilts within the confirmation delay are one movement (stepping off tilts one way and the
            // other): the older keeps waiting. Otherwise it has waited at least as long as this rep lasted.
            if (t(endIndex) - t(pendingEnd) < settings.confirmS()) return;
            finalizePending();
            if (!referenceValid) return; // it was a step: the level is gone
        }
        pendingStart = excursionStart;
        pendingEnd = endIndex;
        pendingSign = sign;
    }

    private void finishPendingIfDue(double t, boolean still) {
        if (pendingStart < 0 || t < t(pendingEnd) + settings.confirmS()) return;
        // Back at level and standing still. A tilt that ends in stepping off is followed by motion that builds
        // up toward walking, and waits until that is decided (a transient, then a disturbance).
        if (still || t >= t(pendingEnd) + settings.confirmS() + MAX_EXTRA_CONFIRM_S) finalizePending();
    }

    private void finalizePending() {
        long start = pendingStart, end = pendingEnd;
        int sg = pendingSign;
        pendingStart = -1;
        repHeightChangeM = 0;
        Rep rep = measure(start, end, sg);
        if (rep == null) {
            if (Math.abs(repHeightChangeM) > MAX_REP_HEIGHT_CHANGE_M) {
                // The wearer stepped on or off: the level belonged to where they stood before.
                referenceValid = false;
                settling = true;
                inExcursion = false;
                phase = Phase.WAITING_FOR_LEVEL;
            }
            return;
        }
        firstOfLevel = false;
        int set = SetGrouping.startsNewSet(lastRep, rep.side(), rep.startS()) ? setIndex + 1 : setIndex;
        setIndex = set;
        levelSign = sg;
        rep = rep.withIndex(reps.size() + 1, set);
        reps.add(rep);
        lastRep = rep;
        listener.repCounted(rep);
    }

    /** The rep's metrics on its stored trace, recomputed with the final axis estimate. */
    private Rep measure(long start, long end, int sg) {
        long first = Math.max(oldest(), start - 400);
        long last = n - 1;
        int len = (int) (last - first + 1);
        double[] ts = new double[len];
        double[] d = new double[len];
        double repAngle = repDirection(start, Math.min(end, last));
        // What the rep teaches the axis is undone if it turns out not to be a rep.
        double[] savedAngles = repAxisAngles.clone();
        int savedCount = repAxisCount;
        double[] savedAxis = {axisX, axisY, axisZ, backX, backY, backZ};
        if (!Double.isNaN(repAngle)) {
            if (repAxisCount == repAxisAngles.length) {
                System.arraycopy(repAxisAngles, 1, repAxisAngles, 0, repAxisAngles.length - 1);
                repAxisCount--;
            }
            repAxisAngles[repAxisCount++] = sg * repAngle;
            double[] sorted = java.util.Arrays.copyOf(repAxisAngles, repAxisCount);
            java.util.Arrays.sort(sorted);
            // Angles are stored times the side sign, so that the knee's skew is positive for both sides.
            setAxisAngle(sg * sorted[(int) Math.floor(AXIS_PERCENTILE * (repAxisCount - 1))]);
        }
        for (int k = 0; k < len; k++) {
            ts[k] = t(first + k);
            d[k] = sg * obliquityAt(first + k);
        }
        int from = (int) (start - first), to = (int) Math.min(end - first, len - 1);
        int peak = from;
        for (int k = from; k <= to; k++) if (d[k] > d[peak]) peak = k;
        double peakDeg = d[peak];
        double level = thresholds.levelDeg();
        if (peakDeg < thresholds.minPeakDeg()) return null;
        int before = peak;
        while (before > 0 && d[before] > level) before--;
        int after = peak;
        while (after < len - 1 && d[after] > level) after++;
        double startS = d[before] <= level ? cross(ts, d, before, before + 1, level) : ts[before];
        double endS = d[after] <= level ? cross(ts, d, after - 1, after, level) : ts[after];
        double band = peakDeg - thresholds.holdBandDeg();
        int h0 = peak;
        while (h0 > before && d[h0 - 1] >= band) h0--;
        int h1 = peak;
        while (h1 < after && d[h1 + 1] >= band) h1++;
        double holdStartS = h0 > before ? cross(ts, d, h0 - 1, h0, band) : ts[h0];
        double holdEndS = h1 < after ? cross(ts, d, h1, h1 + 1, band) : ts[h1];
        double holdS = holdEndS - holdStartS;
        double lowerS = holdStartS - startS;
        double raiseS = endS - holdEndS;
        double kneeCm = kneeDropCm(first, startS, endS, sg);
        // Stepping onto or off the step tilts the pelvis one way and back too, but leaves it at another height.
        boolean notARep = Math.abs(repHeightChangeM) > MAX_REP_HEIGHT_CHANGE_M;
        if (firstOfLevel && !notARep) {
            // A set's first rep must also reach the minimum drop from the posture the wearer held before the level:
            // a level taken at the still turning point of a slow sway would make its other half look like a rep
            // (the spec measures sway from where the wearer stands, and sway under 3 degrees is not a rep).
            double[] p = meanPostureBeforeLevel();
            double offsetDeg = Math.toDegrees(sg * ((p[0] - refX) * axisX + (p[1] - refY) * axisY + (p[2] - refZ) * axisZ));
            notARep = peakDeg - Math.max(0, offsetDeg) < thresholds.minPeakDeg();
        }
        if (notARep) {
            System.arraycopy(savedAngles, 0, repAxisAngles, 0, savedAngles.length);
            repAxisCount = savedCount;
            axisX = savedAxis[0]; axisY = savedAxis[1]; axisZ = savedAxis[2];
            backX = savedAxis[3]; backY = savedAxis[4]; backZ = savedAxis[5];
            return null;
        }
        Side side = sideOf(sg);
        EnumSet<Fault> faults = EnumSet.noneOf(Fault.class);
        faults.addAll(thresholds.faultsOf(kneeCm, holdS, lowerS));
        return new Rep(0, 0, side, startS, ts[peak], endS, peakDeg, holdS, lowerS, raiseS, kneeCm, List.copyOf(faults));
    }

    /** Time at which the line between samples a and b crosses {@code value}. */
    private static double cross(double[] ts, double[] v, int a, int b, double value) {
        double dv = v[b] - v[a];
        if (dv == 0) return ts[a];
        double f = (value - v[a]) / dv;
        return ts[a] + Math.max(0, Math.min(1, f)) * (ts[b] - ts[a]);
    }

    /**
     * The support hip's largest sink during the rep, cm. The vertical acceleration is integrated
     * twice from a still moment before the rep to one after it; a linear correction of the
     * acceleration makes velocity and height return to their starting values (still, level again),
     * which removes bias and slow drift. The sink the drop rotation about the support hip explains
     * is added back.
     */
    private double kneeDropCm(long first, double startS, double endS, int sg) {
        double margin = settings.kneeMarginS();
        long a = indexAtOrBefore(startS - margin, first);
        long b = indexAtOrBefore(endS + margin, first);
        int m = (int) (b - a + 1);
        if (m < 4) return 0;
        double t0 = t(a);
        double[] model = verticalErrorModel();
        double[] tau = new double[m];
        double[] acc = new double[m];
        for (int k = 0; k < m; k++) {
            tau[k] = t(a + k) - t0;
            acc[k] = verticalAcc[(int) ((a + k) & MASK)] - tiltError(model, a + k);
        }
        if (tau[m - 1] <= 0) return 0;
        // Still stretches inside the window (the bottom of a held rep) are moments of zero vertical velocity.
        // The stillness flag lags the movement by its low-pass: the last moments of a still run are dropped.
        boolean[] anchor = new boolean[m];
        int runStart = -1;
        for (int k = 0; k <= m; k++) {
            boolean still = k < m && stillAt[(int) ((a + k) & MASK)];
            if (still && runStart < 0) runStart = k;
            if (!still && runStart >= 0) {
                int runEnd = k - 1, from = runStart;
                while (runEnd > from && tau[k - 1] - tau[runEnd] < STILL_TAIL_S) runEnd--;
                while (from < runEnd && tau[from] - tau[runStart] < STILL_LEAD_S) from++;
                if (tau[runEnd] - tau[from] >= MIN_ANCHOR_S) for (int j = from; j <= runEnd; j++) anchor[j] = true;
                runStart = -1;
            }
        }
        anchor[0] = true;
        anchor[m - 1] = true;
        // Integrate each moving stretch between anchors from rest to rest: a constant correction of the
        // acceleration makes its velocity end at zero. Anchored samples keep velocity zero and height constant.
        double[] pos = new double[m];
        double[] segStart = new double[m], segLength = new double[m]; // per sample: its moving stretch
        int segments = 0;
        double totalDisplacement = 0, totalWeight = 0;
        int k = 0;
        while (k < m - 1) {
            if (anchor[k] && anchor[k + 1]) {
                pos[k + 1] = pos[k];
                k++;
                continue;
            }
            int s0 = k, s1 = k + 1;
            while (!anchor[s1]) s1++;
            double T = tau[s1] - tau[s0];
            double v = 0, p = 0;
            for (int j = s0 + 1; j <= s1; j++) {
                double dt = tau[j] - tau[j - 1];
                double v1 = v + 0.5 * (acc[j - 1] + acc[j]) * dt;
                p += 0.5 * (v + v1) * dt;
                v = v1;
                pos[j] = pos[s0] + p;
            }
            double bias = T > 0 ? v / T : 0;
            for (int j = s0 + 1; j <= s1; j++) {
                double tj = tau[j] - tau[s0];
                pos[j] -= bias * tj * tj / 2;
                segStart[j] = tau[s0];
                segLength[j] = T;
            }
            totalDisplacement += pos[s1] - pos[s0];
            totalWeight += T * T * T;
            segments++;
            k = s1;
        }
        repHeightChangeM = totalDisplacement;
        // Level again means back at the starting height: the stretches share the mismatch by their
        // uncertainty (a stretch's drift grows with its length cubed), along a smooth step that keeps
        // their ends at rest.
        if (segments > 0 && totalWeight > 0) {
            double shift = 0, lastShift = 0;
            for (int j = 1; j < m; j++) {
                if (segLength[j] > 0) {
                    double T = segLength[j];
                    double x = (tau[j] - segStart[j]) / T;
                    double share = totalDisplacement * T * T * T / totalWeight;
                    shift = lastShift + share * x * x * (3 - 2 * x);
                    if (x >= 1 - 1e-12) lastShift = shift;
                } else {
                    shift = lastShift;
                }
                pos[j] -= shift;
            }
        }
        // Lever from the support hip joint to the sensor, sensor frame: toward the hanging side, up, back.
        double lateral = -sg * settings.hipHalfWidthM(), above = settings.sensorAboveHipM(), behind = settings.sensorBehindHipM();
        double rx = lateral * axisX + above * refX + behind * backX;
        double ry = lateral * axisY + above * refY + behind * backY;
        double rz = lateral * axisZ + above * refZ + behind * backZ;
        double maxSinkM = 0;
        for (int j = 0; j < m; j++) {
            double tj = tau[j] + t0;
            if (tj < startS || tj > endS) continue;
            // How far the pelvis's rotation alone (drop and forward tilt) has moved the sensor up: r . (up - level up).
            int i = (int) ((a + j) & MASK);
            double rotationM = rx * (upX[i] - refX) + ry * (upY[i] - refY) + rz * (upZ[i] - refZ);
            double sink = -(pos[j] - rotationM);
            if (sink > maxSinkM) maxSinkM = sink;
        }
        return maxSinkM * 100;
    }

    private static Side sideOf(int sign) { return sign > 0 ? Side.LEFT : Side.RIGHT; }

    private static double clamp(double v) { return v > 1 ? 1 : (v < -1 ? -1 : v); }
}

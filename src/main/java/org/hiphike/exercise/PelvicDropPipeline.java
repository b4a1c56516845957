package org.hiphike.exercise;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;
import org.hiphike.fusion.MahonyAhrs;
import org.hiphike.fusion.SensorCalibration;

/**
 * The measuring pipeline: one {@link #update} per sample, in time order, from any source (live
 * sensor, replay, analysis of a file). No threads, I/O or wall clock: time is the sensor's.
 *
 * <p>Each sample goes through named stages (see docs/pipeline.md):
 * <ol>
 *   <li>{@link SensorCalibration}: the gyroscope's offset and the accelerometer's rest magnitude, learnt
 *       from still moments;</li>
 *   <li>{@link MahonyAhrs}: the direction of up in the sensor frame;</li>
 *   <li>{@link MotionMonitor}: knocks, bursts of motion, walking and turning;</li>
 *   <li>the {@link Trace} keeps the recent past;</li>
 *   <li>{@link LevelPosture}: the stance on the step, its rests, the level posture; bending is told here;</li>
 *   <li>{@link DropAxis}: the wearer's right, learnt from the reps;</li>
 *   <li>{@link RepDetector}: excursions from level and the live phase;</li>
 *   <li>{@link SetLevel}: the level a set is measured from, and the posture around its first rep;</li>
 *   <li>confirmation: a rep is counted once the wearer is back at level and still
 *       ({@link Settings#confirmS}, at most {@link Settings#maxExtraConfirmS} more), then measured
 *       ({@link RepMeasurement}, {@link KneeSink}) and checked (a pelvic drop, not a step, on the set's side).</li>
 * </ol>
 * A stance begins where walking, turning, stepping or bending ends, even while their last signs are
 * still fading: the samples since are then taken through the stages of the stance at once, so a set
 * that starts a second after stepping on is counted from its first rep.
 */
public final class PelvicDropPipeline {
    static final double G = 9.80665;

    /**
     * Settings of the stance and of the confirmation of a rep, with named defaults.
     *
     * @param stillRateDps      the wearer is still while the rotation, low-passed over {@link #stillLowPassS}, is
     *                          under this (°/s): a held pelvis sways, a moving one turns faster
     * @param stillAccG         ... and |acc| stays within this of rest (g)
     * @param stillLowPassS     time constant of those low-passes (s): tremor is not motion
     * @param maxTiltDeg        a tilt further than this from the level posture is bending or stepping (deg): the
     *                          deepest drops reach 20°
     * @param maxPitchDeg       a forward or backward tilt further than this is bending over (deg): a knee bend
     *                          tilts the pelvis forward by up to about 6°, a squat by 15°
     * @param landedS           the foot has landed this long after the last vigorous motion of walking, turning or
     *                          stepping (s); the orientation then re-learns the tilt from the accelerometer
     * @param relearnS          ... which takes this long at the start-up gain (s); a stance begins after both
     * @param confirmS          a rep is counted this long after it is back at level, once the wearer is still (s):
     *                          a tilt that runs into stepping off builds up into walking meanwhile
     * @param maxExtraConfirmS  ... or at the latest this much later even without stillness (s)
     * @param oneMovementS      two tilts whose ends are closer than this are one movement (s): stepping off tilts
     *                          one way and then the other
     * @param postureHistoryS   a set's first rep must also reach the minimum peak from the wearer's mean posture
     *                          over this long before its level (s): a slow sway's period
     * @param postureConeDeg    ... leaving out samples tilted further than this from the level (deg): the end of
     *                          bending over is not a posture
     * @param maxUncalibratedTiltDeg a stance begun before the gyroscope's offset was known is taken again when that
     *                          offset had tilted the orientation by more than this (deg): a third of the level band
     */
    public record Settings(double stillRateDps, double stillAccG, double stillLowPassS, double maxTiltDeg,
            double maxPitchDeg, double landedS, double relearnS, double confirmS, double maxExtraConfirmS, double oneMovementS,
            double postureHistoryS, double postureConeDeg, double maxUncalibratedTiltDeg) {
        public static final Settings DEFAULTS = new Settings(2.5, 0.03, 0.2, 30, 20, 0.3, 0.5, 1.0, 3.0, 1.0, 4.0, 6.0, 0.5);
    }

    private final PipelineSettings settings;
    private final Settings stance;
    private final Thresholds thresholds;
    private final PipelineListener listener;
    private final SensorCalibration calibration;
    private final MahonyAhrs ahrs;
    private final MotionMonitor motion;
    private final Trace trace = new Trace();
    private final LevelPosture level;
    private final DropAxis axis;
    private final RepDetector detector;
    private final KneeSink knee;
    private final SetLevel setLevel;
    /** Excursions smaller than this are not measured: a rep's minimum peak seen along an axis off by the most allowed. */
    private final double candidatePeakDeg;
    private final double cosMaxTilt, sinMaxPitch;

    private double lastTimeS = Double.NaN;
    private double startS = Double.NaN;
    private long outOfOrder;

    // stillness of the wearer (the trace's flag)
    private double lpRateX, lpRateY, lpRateZ, lpAccNorm = 1;
    private double quietSinceS = Double.NaN;

    // stance and disturbance
    private boolean disturbed = true;        // no stance: the start, or motion that is not the exercise
    private long processed = -1;             // last trace index the stance's stages have seen
    private double nextLevelUpdateS = Double.NEGATIVE_INFINITY;
    private Phase phase = Phase.WAITING_FOR_LEVEL;
    private double obliquityDeg;

    // a rep back at level, waiting to be confirmed
    private long pendingStart = -1, pendingEnd;
    private int pendingSign;

    // the set
    private int setSign;                     // +1 left, -1 right, 0 no set under this level
    private final List<Rep> reps = new ArrayList<>();
    private Rep lastRep;
    private int setIndex;

    public PelvicDropPipeline(PipelineSettings settings, PipelineListener listener) {
        this.settings = settings;
        this.stance = settings.stance();
        this.thresholds = settings.thresholds();
        this.listener = listener == null ? new PipelineListener() {} : listener;
        this.calibration = new SensorCalibration(settings.calibration());
        this.ahrs = new MahonyAhrs(settings.fusion());
        this.motion = new MotionMonitor(settings.motion());
        this.level = new LevelPosture(settings.level(), trace);
        this.axis = new DropAxis(settings.axis());
        this.detector = new RepDetector(settings.reps(), thresholds, trace);
        this.knee = new KneeSink(settings.knee(), trace, settings.fusion().maxGapS());
        this.setLevel = new SetLevel(level, trace, axis, detector, stance, this::explain);
        this.candidatePeakDeg = thresholds.minPeakDeg() * Math.cos(Math.toRadians(settings.axis().maxOffsetDeg()));
        this.cosMaxTilt = Math.cos(Math.toRadians(stance.maxTiltDeg()));
        this.sinMaxPitch = Math.sin(Math.toRadians(stance.maxPitchDeg()));
    }

    public PelvicDropPipeline(PipelineSettings settings) { this(settings, null); }

    /** Feeds one sample. Samples older than the previous one, or with values that are not finite, are counted and skipped. */
    public void update(ImuSample sample) {
        double t = sample.timeS();
        if (!inOrderAndFinite(sample)) return;
        double dt = Double.isNaN(lastTimeS) ? 0 : t - lastTimeS;
        lastTimeS = t;
        if (Double.isNaN(startS)) startS = t;
        double stepDt = dt <= settings.fusion().maxGapS() ? dt : 0; // across a gap, nothing is integrated
        boolean wasSettling = !calibration.isSettled();
        calibrate(sample, stepDt);
        if (!fuse(dt)) return;
        followMotion(t, stepDt);
        recordSample(t, stepDt);
        if (wasSettling && calibration.isSettled()) calibrated(t);
        followDisturbance(t);
        while (!disturbed && processed < trace.last()) stanceStep(++processed);
    }

    /**
     * A sample the pipeline can take: finite, in time order, and within what a pelvis does. A value beyond
     * {@link #MAX_ACC_G} or {@link #MAX_GYRO_DPS} on an axis is a damaged byte or a glitch, not motion: it is skipped
     * like a dropout (one wild sample of angular rate would turn the orientation by tens of degrees).
     */
    private boolean inOrderAndFinite(ImuSample sample) {
        double t = sample.timeS();
        Vec3 a = sample.accG(), w = sample.gyroDps();
        if (!Double.isFinite(t) || t < lastTimeS
                || !(Math.abs(a.x()) <= MAX_ACC_G && Math.abs(a.y()) <= MAX_ACC_G && Math.abs(a.z()) <= MAX_ACC_G)
                || !(Math.abs(w.x()) <= MAX_GYRO_DPS && Math.abs(w.y()) <= MAX_GYRO_DPS && Math.abs(w.z()) <= MAX_GYRO_DPS)) {
            outOfOrder++;
            if (outOfOrder <= 10) {
                explain(Double.isFinite(t) ? t : lastTimeS, "sample skipped: %s", t < lastTimeS ? "stamped before the last"
                        : "not finite, or beyond what a pelvis does (a damaged value)");
            }
            return false;
        }
        return true;
    }

    /**
     * Largest |acceleration| per axis of a pelvis's motion, g: the largest full scale of the supported accelerometers
     * (a landing from a jump reads 3-5 g at the pelvis, a knock on the sensor saturates at the full scale).
     */
    static final double MAX_ACC_G = 16;
    /**
     * Largest |angular rate| per axis, °/s: the largest full scale of the supported gyroscopes; a pelvis turns at
     * under 500 °/s even in a fall.
     */
    static final double MAX_GYRO_DPS = 2000;

    /** Stage "sensor calibration": the gyroscope's offset and the accelerometer's rest magnitude taken out. */
    private void calibrate(ImuSample sample, double stepDt) {
        Vec3 acc = sample.accG(), gyro = sample.gyroDps();
        calibration.update(gyro.x(), gyro.y(), gyro.z(), acc.x(), acc.y(), acc.z(), stepDt);
    }

    /** Stage "fusion": the direction of up; false until the orientation is initialised. */
    private boolean fuse(double dt) {
        // Until the gyroscope's offset is known (up to 20 °/s on a cheap part) the orientation follows the
        // accelerometer at the start-up gain: integrating the offset would tilt it by tens of degrees.
        if (!calibration.isSettled()) ahrs.recover();
        ahrs.update(calibration.gyroXDps(), calibration.gyroYDps(), calibration.gyroZDps(),
                calibration.accXG(), calibration.accYG(), calibration.accZG(), dt);
        return ahrs.isInitialised();
    }

    private double accNorm() {
        double ax = calibration.accXG(), ay = calibration.accYG(), az = calibration.accZG();
        return Math.sqrt(ax * ax + ay * ay + az * az);
    }

    /** Stage "disturbance": knocks, bursts, walking and turning. */
    private void followMotion(double t, double stepDt) {
        motion.update(t, stepDt, calibration.gyroXDps(), calibration.gyroYDps(), calibration.gyroZDps(), accNorm(),
                ahrs.upX(), ahrs.upY(), ahrs.upZ(), calibration.isSettled());
    }

    /** The sample into the trace: up, vertical acceleration and whether the wearer is still. */
    private void recordSample(double t, double stepDt) {
        double gx = calibration.gyroXDps(), gy = calibration.gyroYDps(), gz = calibration.gyroZDps();
        double ax = calibration.accXG(), ay = calibration.accYG(), az = calibration.accZG();
        double ux = ahrs.upX(), uy = ahrs.upY(), uz = ahrs.upZ();
        boolean still = followStillness(t, stepDt, gx, gy, gz, accNorm());
        // Before the gyroscope's offset is known its rate says nothing about stillness; the steadiness of the
        // readings does (a second late).
        if (!calibration.isSettled()) still = calibration.isStill();
        // The accelerometer at a fixed scale, not the rest magnitude that follows each still moment: a hold at a tilt
        // changes that by the accelerometer's offset along the tilt, and the knee sink integrates this over seconds.
        double fixedScale = calibration.restNormG() / calibration.firstRestNormG();
        double vAcc = ((ax * ux + ay * uy + az * uz) * fixedScale - 1) * G;
        if (motion.knock()) {
            // A knock moves the sensor, not the pelvis: its samples keep the pelvis's previous orientation.
            if (trace.size() > 0) {
                long p = trace.last();
                ux = trace.ux(p);
                uy = trace.uy(p);
                uz = trace.uz(p);
                vAcc = trace.verticalAcc(p);
            }
            ahrs.recover();
        }
        trace.add(t, ux, uy, uz, vAcc, still);
    }

    /** The gyroscope's offset has just become known. */
    private void calibrated(double t) {
        calibratedAtS = t;
        if (offsetTiltDeg() > stance.maxUncalibratedTiltDeg()) {
            // The orientation so far was held off by the gyroscope's offset (at the start-up gain, by the offset
            // over the gain): it re-converges now, and a stance begun on it is taken again once it has.
            ahrs.recover();
            if (!disturbed) disturb(t, "sensor calibrated", t + stance.relearnS());
            else disturbedAtS = Math.max(disturbedAtS, t + stance.relearnS());
        }
    }

    /** Finishes the stream: a rep waiting for confirmation is counted with what there is. */
    public void finish() {
        if (pendingStart >= 0 && !disturbed) confirmPendingAndQueued();
        if (pendingStart >= 0 && !disturbed) confirmPending();
    }

    public List<Rep> reps() { return List.copyOf(reps); }

    public long skippedSamples() { return outOfOrder; }

    public PipelineState state() {
        boolean excursion = !disturbed && detector.inExcursion();
        double drop = excursion ? detector.sign() * obliquityDeg : 0;
        Side side = excursion ? sideOf(detector.sign()) : (lastRep != null ? lastRep.side() : null);
        double t = lastTimeS;
        return new PipelineState(t, phase, obliquityDeg, drop, side, excursion ? detector.holdS(t) : 0, reps.size(), setIndex,
                excursion ? detector.sinceBottomS(t) : 0);
    }

    // ---- stillness and disturbances (every sample) ----

    private boolean followStillness(double t, double dt, double gx, double gy, double gz, double accNorm) {
        if (dt > 0) {
            double k = Math.min(1, dt / stance.stillLowPassS());
            lpRateX += k * (gx - lpRateX);
            lpRateY += k * (gy - lpRateY);
            lpRateZ += k * (gz - lpRateZ);
            lpAccNorm += k * (accNorm - lpAccNorm);
        }
        double rate = Math.sqrt(lpRateX * lpRateX + lpRateY * lpRateY + lpRateZ * lpRateZ);
        boolean still = rate < stance.stillRateDps() && Math.abs(lpAccNorm - 1) < stance.stillAccG();
        if (!still) quietSinceS = Double.NaN;
        else if (Double.isNaN(quietSinceS)) quietSinceS = t;
        return still;
    }

    /**
     * Walking and turning end a stance. A stance begins with the first rest after they are over (and after the
     * orientation has converged at the start of the stream), at that rest's start: the wearer has stepped on
     * and stands, the pelvis level, if only for a second before the first rep.
     */
    private void followDisturbance(double t) {
        String reason = motion.disturbance();
        if (reason != null) {
            if (reason.equals(MotionMonitor.TURNING)) motion.resetHeading();
            if (!disturbed) disturb(t, reason);
            scanFrom = -1;
            return;
        }
        if (!disturbed) return;
        if (t - motion.lastVigorousS() >= stance.landedS() && recoveredAfterS < motion.lastVigorousS()) {
            // The wearer stopped moving: turning and walking leave the tilt a few degrees off (the gyroscope's
            // scale and cross-axis errors over a half turn); the accelerometer shows gravity alone again.
            ahrs.recover();
            recoveredAfterS = motion.lastVigorousS();
        }
        if (motion.inBurst() || t - startS < settings.fusion().startupS()) {
            scanFrom = -1;
            return;
        }
        if (scanFrom < 0) {
            double from = Math.max(Math.max(motion.lastVigorousS() + stance.landedS() + stance.relearnS(), disturbedAtS),
                    startS + settings.fusion().startupS());
            scanFrom = trace.indexAtOrBefore(from, disturbedIndex);
            if (trace.t(scanFrom) < from && scanFrom < trace.last()) scanFrom++;
            scanned = scanFrom - 1;
            level.resetRest();
        }
        for (long k = scanned + 1; k <= trace.last(); k++) {
            scanned = k;
            if (!trace.still(k)) { // the wearer stands still on the step: a rest of a moving pelvis is not that
                level.resetRest();
                continue;
            }
            if (!level.trackRest(k)) continue;
            long restStart = level.restStart();
            beginStance(restStart, level.meanPosture(restStart, k));
            return;
        }
    }

    /** The height change of the rep measured last (for explaining it), metres; NaN when it could not be told. */
    private double lastHeightChangeM = Double.NaN;

    /** When the sensor's offsets and rest magnitude became known (NaN before). */
    private double calibratedAtS = Double.NaN;

    /**
     * Whether heights from {@code sinceS} on can be told: the accelerometer's rest magnitude was known by then (before,
     * its error of up to a tenth of a g integrates to metres).
     */
    private boolean heightKnown(double sinceS) { return calibratedAtS <= sinceS; }

    /** How far the gyroscope's offset tilted the orientation at the start-up gain before it was known, degrees. */
    private double offsetTiltDeg() {
        double ox = calibration.offsetXDps(), oy = calibration.offsetYDps(), oz = calibration.offsetZDps();
        return Math.toDegrees(Math.toRadians(Math.sqrt(ox * ox + oy * oy + oz * oz)) / settings.fusion().startupGain());
    }

    private double disturbedAtS = Double.NEGATIVE_INFINITY;
    private long disturbedIndex;
    private long scanFrom = -1, scanned;
    private double recoveredAfterS = Double.NEGATIVE_INFINITY;

    private void disturb(double t, String reason) {
        disturb(t, reason, t);
    }

    /** Motion that is not the exercise was seen at {@code t}; it was over by {@code overS} (or goes on). */
    private void disturb(double t, String reason, double overS) {
        boolean wasActive = detector.inExcursion() || phase != Phase.NOT_EXERCISE;
        disturbed = true;
        disturbedAtS = overS;
        explain(t, "not the exercise: %s", reason);
        disturbedIndex = trace.indexAtOrBefore(overS, 0);
        scanFrom = -1;
        pendingStart = -1;
        queuedStart = -1;
        detector.reset();
        level.endStance();
        setSign = 0;
        phase = Phase.NOT_EXERCISE;
        obliquityDeg = 0;
        ahrs.recover();
        if (wasActive) listener.notExercise(t, reason);
    }

    private void beginStance(long k0, double[] posture) {
        beginStance(k0, posture, "stance begins: the wearer stands still after the last motion; level taken here");
    }

    private void beginStance(long k0, double[] posture, String why) {
        disturbed = false;
        relevelled = false;
        motion.resetHeading(); // the turn that ended before the stance is not one in it
        level.startStance(k0, posture);
        axis.reset(level.lx(), level.ly(), level.lz());
        knee.reset();
        detector.reset();
        setSign = 0;
        processed = k0 - 1;
        phase = Phase.LEVEL;
        explain(trace.t(k0), why);
        listener.levelTaken(trace.t(k0));
    }

    // ---- the stance (every trace index once, possibly catching up) ----

    private void stanceStep(long k) {
        double t = trace.t(k);
        double a = level.a(k), b = level.b(k);
        // Compared as cosine and sine: an inverse sine per sample costs as much as the rest of this step.
        if (level.cosTilt(k) < cosMaxTilt || Math.abs(axis.sinPitch(a, b)) > sinMaxPitch) {
            disturb(t, "bending or stepping");
            return;
        }
        double moved = knee.followHeight(level, k);
        if (Math.abs(moved) > EXPLAINED_MOVE_M) explain(t, "a move ended %.0f cm %s", Math.abs(100 * moved), moved > 0 ? "higher" : "lower");
        if (Math.abs(moved) > knee.maxHeightChangeM() && heightKnown(t - knee.maxStepS())) {
            // A pelvis that ends up higher or lower by more than a rep ever moves it has stepped on or off the step.
            disturb(t, "stepping on or off", t);
            return;
        }
        if (level.trackRest(k) && !motion.inBurst()) considerRest(k);
        obliquityDeg = axis.obliquityDeg(level.a(k), level.b(k));
        if (setSign == 0 && detector.inExcursion()) obliquityDeg = settledBeforeDrop(k, obliquityDeg);
        RepDetector.Event event = detector.update(k, obliquityDeg);
        if (levelWasABottom(k)) return;
        if (event == RepDetector.Event.ENDED) excursionEnded();
        else if (event == RepDetector.Event.ABANDONED) excursionAbandoned(k);
        phase = detector.phase();
        if (pendingStart >= 0) confirmIfDue(k);
        if (disturbed) return;
        endSetAfterPause(t);
        knee.learn(level, k, quietSinceSAt(k));
    }

    /** When the wearer has been still since, as seen at sample k (the live value, or the trace's when catching up). */
    private double quietSinceSAt(long k) {
        if (k == trace.last()) return quietSinceS;
        long j = k;
        if (!trace.still(j)) return Double.NaN;
        while (j > trace.oldest() && trace.still(j - 1)) j--;
        return trace.t(j);
    }

    /**
     * A rest has lasted long enough at sample k. Before a set's first rep the wearer's rests are the level,
     * unless the rest is the bottom of an excursion of a rep's depth (a hold); a smaller excursion that settles
     * into a rest was a shift of posture, also when the rest began just inside the level band (a level taken while
     * the wearer still settled after stepping on, 1.5° off, leaves the true level just outside it). During a set, a rest a rep's depth above level on the hanging side
     * means the wearer stands differently now: the hanging side only drops from level.
     */
    private void considerRest(long k) {
        double t = trace.t(k);
        if (t < nextLevelUpdateS) return; // ten times a second: the level's mean is not per-sample work
        nextLevelUpdateS = t + LEVEL_UPDATE_PERIOD_S;
        if (setSign != 0) {
            double[] p = level.restPosture(k);
            double restDrop = setSign * axis.obliquityDeg(level.a(p[0], p[1], p[2]), level.b(p[0], p[1], p[2]));
            if (restDrop < -thresholds.minPeakDeg() && !detector.inExcursion() && pendingStart < 0) {
                endSet();
                takeLevel(p, t);
            } else if (!detector.inExcursion() && pendingStart < 0
                    && lastRep != null && t - Math.max(level.preRepRestS(), level.levelWindowS()) > lastRep.endS()
                    && level.flatRest(k, level.preRepRestS())) {
                setLevel.refine(p, t);
            }
            return;
        }
        if (pendingStart >= 0 || !level.levelRest(k)) return;
        if (detector.inExcursion() && detector.peak() >= candidatePeakDeg) return;
        takeLevel(level.restPosture(k), t);
    }

    /**
     * Before a set, an excursion that rested and then went a rep's depth further the same way did not start a
     * rep: the hanging side drops from level and rises back, it does not hold and drop further. The wearer
     * settled into a new posture (weight shifted onto the step) and the rep starts from there. Returns the drop
     * of sample k against the level it leaves.
     */
    private double settledBeforeDrop(long k, double dropDeg) {
        int sign = detector.sign();
        if (level.restEstablished(k) && level.restStart() > detector.start()) {
            excursionRestStart = level.restStart();
            excursionRestEnd = k;
            excursionRestDrop = sign * dropDeg;
            return dropDeg;
        }
        if (excursionRestStart <= detector.start()) return dropDeg;
        double restDrop = excursionRestDrop;
        if (sign * dropDeg < restDrop + thresholds.minPeakDeg()) return dropDeg;
        double[] p = level.meanPosture(excursionRestStart, excursionRestEnd);
        explain(trace.t(k), "the wearer settled %.1f deg away before this drop: level taken there", restDrop);
        level.setLevel(p[0], p[1], p[2], trace.t(excursionRestEnd));
        for (long j = excursionRestEnd; j <= k; j++) detector.setDrop(j, dropAt(j));
        detector.resume(excursionRestEnd, k - 1, sign);
        excursionRestStart = -1;
        return dropAt(k);
    }

    private long excursionRestStart = -1, excursionRestEnd;
    private double excursionRestDrop;

    private void takeLevel(double[] p, double t) {
        double movedDeg = Math.toDegrees(Math.acos(Math.min(1, p[0] * level.lx() + p[1] * level.ly() + p[2] * level.lz())));
        if (movedDeg >= SetLevel.EXPLAINED_MOVE_DEG) explain(t, "level follows the wearer's rest (moved %.1f deg)", movedDeg);
        boolean excursion = detector.inExcursion();
        level.setLevel(p[0], p[1], p[2], t);
        if (excursion) detector.reset(); // a shift of posture smaller than a rep: this is the level now
    }

    private void excursionEnded() {
        long start = detector.endedStart(), end = detector.endedEnd();
        int sign = detector.endedSign();
        if (detector.endedPeak() < candidatePeakDeg) return;
        if (setSign != 0 && sign != setSign) { // standing sideways on the step only the hanging side drops
            explain(trace.t(end), "not a rep: %s side went down in a %s set (%.1f deg)", sideName(sign), sideName(setSign),
                    detector.endedPeak());
            return;
        }
        if (motion.inBurst()) {
            // Inside a burst of motion: a tilt that began within it is part of that motion, and it is not
            // confirmed until the burst is over (it may turn out to be walking or stepping).
            if (trace.t(start) >= motion.burstSinceS() + OWN_BURST_LEAD_S
                    || trace.t(start) >= motion.burstSinceS() && motion.knockInBurst()) {
                explain(trace.t(end), "not a rep: the tilt of %.1f deg began inside a burst of motion", detector.endedPeak());
                return;
            }
            ownBurst = trace.t(start) >= motion.burstSinceS();
            if (pendingStart >= 0) {
                // The burst began during this tilt: it is this tilt's own motion (a fast drop). A rep waiting from
                // before the burst was back at level before it began, and is counted unless the two are one movement.
                if (trace.t(pendingEnd) >= motion.burstSinceS() || trace.t(end) - trace.t(pendingEnd) < stance.oneMovementS()
                        || queuedStart >= 0) {
                    explain(trace.t(end), "not a rep: the tilt of %.1f deg is one movement with the last, in a burst of motion",
                            detector.endedPeak());
                    return;
                }
                if (ownBurst) {
                    // A tilt that came with its burst may be the first step of walking away: the rep waiting
                    // before it is not counted until the burst is over, and this tilt waits behind it.
                    pendingOwnBurst = true;
                    queuedStart = start;
                    queuedEnd = end;
                    queuedSign = sign;
                    ownBurst = false;
                    return;
                }
                confirmPending();
                if (disturbed) return;
            }
        } else if (pendingStart >= 0) {
            ownBurst = false;
            // Two tilts within the confirmation delay are one movement (stepping off tilts one way and the
            // other): the older keeps waiting.
            if (trace.t(end) - trace.t(pendingEnd) < stance.oneMovementS()) {
                explain(trace.t(end), "not a rep: a second tilt within %.1f s of the last is one movement", stance.oneMovementS());
                return;
            }
            confirmPendingAndQueued();
            if (!disturbed && pendingStart >= 0) confirmPending();
            if (disturbed) return;
        }
        pendingStart = start;
        pendingEnd = end;
        pendingSign = sign;
        pendingOwnBurst = ownBurst;
        ownBurst = false;
    }

    private boolean ownBurst, pendingOwnBurst;
    private double heightUntilS = Double.NEGATIVE_INFINITY; // the rep being measured: its height is told up to here
    private long queuedStart = -1, queuedEnd;   // a tilt with its own burst, behind the pending one
    private int queuedSign;

    /** Counts the pending rep, then makes the queued tilt the pending one (it waits for its burst as it did). */
    private void confirmPendingAndQueued() {
        confirmPending();
        if (queuedStart >= 0 && !disturbed) {
            pendingStart = queuedStart;
            pendingEnd = queuedEnd;
            pendingSign = queuedSign;
            pendingOwnBurst = true;
        }
        queuedStart = -1;
    }

    /**
     * A tilt that leaves level within this of a burst's start is the burst's own cause (s): when the support knee
     * gives way the pelvis falls and tilts at once, the fall's first samples are the burst and the tilt leaves the
     * level band 0-60 ms later; a step's tilt in walking comes half a second or more into its burst.
     */
    private static final double OWN_BURST_LEAD_S = 0.1;

    /**
     * The hanging side only drops from level and rises back to it. A set's first "rep" that, instead of resting at
     * the level, goes on past it to the other side by a rep's depth was the way up from a drop whose bottom was
     * taken as the level (the wearer stepped on and lowered at once, and stood still first at the bottom of the
     * first hold): the posture it held at its far end is the level, and the stance is taken again from there.
     * Done once per stance (the posture so found is the one the wearer rose to). Returns whether it was done.
     */
    private boolean levelWasABottom(long k) {
        if (pendingStart < 0 || setSign != 0 || relevelled || !detector.inExcursion() || detector.sign() == pendingSign
                || detector.peak() < thresholds.minPeakDeg()) return false;
        long peak = pendingStart;
        for (long j = pendingStart; j <= pendingEnd; j++) if (pendingSign * dropAt(j) > pendingSign * dropAt(peak)) peak = j;
        double band = pendingSign * dropAt(peak) - thresholds.holdBandDeg();
        long h0 = peak, h1 = peak;
        while (h0 > pendingStart && pendingSign * dropAt(h0 - 1) >= band) h0--;
        while (h1 < pendingEnd && pendingSign * dropAt(h1 + 1) >= band) h1++;
        double depth = pendingSign * dropAt(peak);
        explain(trace.t(k), "the level was the bottom of a drop: the %s tilt of %.1f deg went on %.1f deg past it to the %s",
                sideName(pendingSign), depth, detector.peak(), sideName(-pendingSign));
        pendingStart = -1;
        queuedStart = -1;
        beginStance(h0, level.meanPosture(h0, h1), "stance taken again: the level is the posture held at the far end of that tilt");
        relevelled = true;
        return true;
    }

    /** The current stance's level was found to have been the bottom of a drop, and taken again. */
    private boolean relevelled;

    /** An excursion that never came back: the level was not the wearer's level. */
    private void excursionAbandoned(long k) {
        explain(trace.t(k), "not a rep: away from level for more than %.0f s; level taken again", settings.reps().maxRepS());
        if (setSign != 0) endSet();
        if (level.restEstablished(k)) takeLevel(level.restPosture(k), trace.t(k));
        else level.setLevel(trace.ux(k), trace.uy(k), trace.uz(k), trace.t(k));
    }

    private void confirmIfDue(long k) {
        double t = trace.t(k), due = trace.t(pendingEnd) + stance.confirmS();
        if (t < due || motion.inBurst() && k == trace.last()) return;
        // A tilt that came with its burst (a fall onto a bending knee, or the first step off the step) counts once
        // the wearer has stood the confirmation time after the burst: walking away brings the next burst first.
        if (pendingOwnBurst && (motion.inBurst() || t < motion.burstLastS() + stance.confirmS())) return;
        // A set's first rep that went on past the level to the other side waits to see how far: a rep's depth
        // there shows the level was the bottom of a drop (see levelWasABottom).
        if (setSign == 0 && !relevelled && detector.inExcursion() && detector.sign() != pendingSign
                && t < due + stance.maxExtraConfirmS()) return;
        if (trace.still(k) || t >= due + stance.maxExtraConfirmS()) confirmPendingAndQueued();
    }

    private void endSetAfterPause(double t) {
        if (setSign != 0 && pendingStart < 0 && !detector.inExcursion() && lastRep != null
                && t - lastRep.endS() > SetGrouping.MAX_GAP_S) {
            endSet();
        }
    }

    /** The set is over: the next rep starts a new one, from a level taken anew. */
    private void endSet() {
        explain(lastTimeS, "set over: the level may follow the wearer again");
        setSign = 0;
        level.release();
    }

    // ---- a rep, measured and checked ----

    private void confirmPending() {
        long start = pendingStart, end = pendingEnd;
        int sign = pendingSign;
        pendingStart = -1;
        // A tilt with a burst of motion in it (a fast drop, or stepping off) is judged for a step up to the end of that
        // burst: stepping off lands after the tilt is back (see KneeSink.measure).
        heightUntilS = motion.burstLastS() >= trace.t(start) ? motion.burstLastS() : Double.NEGATIVE_INFINITY;
        Rep rep = measure(start, end, sign);
        if (rep == null) return;
        int set = SetGrouping.startsNewSet(lastRep, rep.side(), rep.startS()) ? setIndex + 1 : setIndex;
        setIndex = set;
        if (setSign == 0) {
            setSign = sign;
            level.fix();
            setLevel.begin();
        }
        rep = rep.withIndex(reps.size() + 1, set);
        reps.add(rep);
        lastRep = rep;
        explain(rep.endS(), "rep %d counted: %s, %.1f deg, knee sink %.1f cm, height change %+.0f cm", rep.index(),
                rep.side().jsonName(), rep.peakDropDeg(), rep.kneeDropCm(), Math.rint(100 * lastHeightChangeM) + 0.0); // + 0.0: no "-0 cm"
        listener.repCounted(rep);
    }

    /**
     * A first rep held this long at its bottom is not a sway, however shallow (s): a sway's turning point stays
     * near its peak for a quarter of its period, 1-1.6 s in standing sway; a hold is deliberate.
     */
    private static final double HELD_NOT_SWAY_S = 3.0;

    /** A move of the pelvis between still moments is explained (analyze --explain) beyond this, metres: a knee's sink. */
    private static final double EXPLAINED_MOVE_M = 0.05;

    /** The level follows a rest this often, seconds: the rest's mean is not per-sample work, and a rest lasts seconds. */
    private static final double LEVEL_UPDATE_PERIOD_S = 0.1;

    private double dropAt(long k) { return axis.obliquityDeg(level.a(k), level.b(k)); }

    /** The rep's metrics on its stored trace, or null when it is not a rep. */
    private Rep measure(long start, long end, int sign) {
        long onset = setSign == 0 ? setLevel.takeBeforeFirstRep(start, sign) : -1;
        long last = trace.last();
        long first = Math.max(Math.max(trace.oldest(), level.stanceStart()),
                trace.indexAtOrBefore(trace.t(start) - 2 * knee.marginS(), 0));
        double direction = DropAxis.direction(level, trace, start, Math.min(end, last));
        if (!axis.acceptsDirection(direction)) {
            explain(trace.t(end), "not a rep: it leans %.0f deg off the drop axis (a forward tilt, not a drop)",
                    Math.toDegrees(Math.abs(direction - axis.phi())));
            listener.notExercise(trace.t(end), "pitching more than rolling: not a pelvic drop");
            return null;
        }
        double savedPhi = axis.phi();
        if (!axis.learnt() && !Double.isNaN(direction)) axis.set(direction); // the first clean rep shows the axis
        int len = (int) (last - first + 1);
        double[] ts = new double[len], d = new double[len];
        RepMeasurement m = measureOn(ts, d, first, start, end, sign);
        if (m == null) {
            explain(trace.t(end), "not a rep: measured on its trace it stays under %.1f deg", thresholds.minPeakDeg());
            axis.set(savedPhi);
            return null;
        }
        double restAfterDeg = onset >= 0 ? setLevel.restAfterOffsetDeg(end, sign) : 0;
        boolean held = m.holdS() >= HELD_NOT_SWAY_S;
        if (onset >= 0 && !held && m.peakDeg() - Math.max(0, restAfterDeg) < thresholds.minPeakDeg()) {
            explain(trace.t(end), "not a rep: %.1f deg from the level but under %.1f deg from the posture it came back to, %.1f deg toward it (sway)",
                    m.peakDeg(), thresholds.minPeakDeg(), restAfterDeg);
            axis.set(savedPhi);
            return null;
        }
        if (onset >= 0 && !held && m.peakDeg() - Math.max(0, setLevel.postureOffsetDeg(onset, sign)) < thresholds.minPeakDeg()) {
            explain(trace.t(end), "not a rep: %.1f deg from the level but under %.1f deg from the posture held before it (sway)",
                    m.peakDeg(), thresholds.minPeakDeg());
            axis.set(savedPhi);
            return null;
        }
        KneeSink.Result k = knee.measure(level, axis, m.startS(), m.endS(), sign, first);
        if (!axis.learnt() && k.kneeDropCm() > thresholds.kneeDropCm() && axis.phi() != savedPhi) {
            // A knee bend leans the pelvis forward too: its own direction is not the wearer's right.
            axis.set(savedPhi);
            m = measureOn(ts, d, first, start, end, sign);
            if (m == null) return null;
            k = knee.measure(level, axis, m.startS(), m.endS(), sign, first);
        }
        if (heightUntilS > m.endS()) {
            // The height over the burst too; the sink is the rep's own.
            k = new KneeSink.Result(k.kneeDropCm(),
                    knee.measure(level, axis, m.startS(), m.endS(), heightUntilS, sign, first).heightChangeM());
        }
        lastHeightChangeM = heightKnown(m.startS()) ? k.heightChangeM() : Double.NaN;
        if (heightKnown(m.startS()) && Math.abs(k.heightChangeM()) > knee.maxHeightChangeM()) {
            // Stepping onto or off the step tilts the pelvis one way and back too, but leaves it at another height.
            axis.set(savedPhi);
            explain(trace.t(end), "not a rep: the pelvis ended %.0f cm %s (stepping on or off)", Math.abs(100 * k.heightChangeM()),
                    k.heightChangeM() > 0 ? "higher" : "lower");
            disturb(trace.t(trace.last()), "stepping on or off", m.endS());
            return null;
        }
        EnumSet<Fault> faults = EnumSet.noneOf(Fault.class);
        faults.addAll(thresholds.faultsOf(m.peakDeg(), k.kneeDropCm(), m.holdS(), m.lowerS()));
        axis.learn(direction, faults.contains(Fault.KNEE_BEND));
        return new Rep(0, 0, sideOf(sign), m.startS(), m.bottomS(), m.endS(), m.peakDeg(), m.holdS(), m.lowerS(), m.raiseS(),
                k.kneeDropCm(), List.copyOf(faults));
    }

    /** Fills the drop trace of samples first.. and measures the rep in start..end on it, with the current axis. */
    private RepMeasurement measureOn(double[] ts, double[] d, long first, long start, long end, int sign) {
        for (int k = 0; k < ts.length; k++) {
            ts[k] = trace.t(first + k);
            d[k] = sign * axis.obliquityDeg(level.a(first + k), level.b(first + k));
        }
        return RepMeasurement.of(ts, d, (int) (start - first), (int) Math.min(end - first, ts.length - 1), thresholds);
    }

    private static Side sideOf(int sign) { return sign > 0 ? Side.LEFT : Side.RIGHT; }

    private static String sideName(int sign) { return sideOf(sign).jsonName(); }

    private void explain(double t, String format, Object... args) {
        listener.decision(t, String.format(java.util.Locale.ROOT, format, args));
    }
}


package org.hiphike.exercise;

/**
 * Stage "knee sink": how far the support hip sank during a rep, and how far the pelvis ended up above or
 * below where it started.
 *
 * <p>The vertical acceleration (accelerometer along the fused up direction, minus 1 g) is integrated
 * twice from {@link Settings#marginS} before the rep to as long after it. The wearer is at rest at both
 * ends and at every still stretch inside the rep (the bottom of a held rep): there the vertical velocity
 * is zero and the height stays put. Each moving stretch between such moments (the lowering, the
 * raising) is integrated from rest to rest with a constant correction of the acceleration that makes
 * its velocity end at zero. Being level again means being back at the starting height: the stretches
 * share the remaining height mismatch in proportion to their uncertainty (a stretch's drift grows with
 * its length cubed), along a smooth step that keeps their ends at rest.
 *
 * <p>Before that, the accelerometer's own tilt-dependent error is removed. An offset reads along up by a different
 * amount at each tilt (first order), and a scale error that differs between axes does too (second order: 3 % apart is
 * 2.5 mg at 15°); both are the sensor's, not the stance's. So the error is a least-squares fit of the vertical
 * acceleration at still moments against the terms of up in the sensor frame to the second order, kept over every
 * stance (wherever the clip sits), each stance with its own constant, older moments weighing less as the offset
 * follows the sensor's temperature. Only samples well inside a still stretch teach it: its first moments may still be
 * the end of a slow sink, its last ones the start of the next movement (the stillness flag is low-passed and lags).
 * The vertical acceleration is read at a fixed scale ({@code SensorCalibration#firstRestNormG}): the rest magnitude
 * the rest of the pipeline uses follows every still moment, holds at a tilt too, and would teach this fit a relation
 * that changes with each hold.
 *
 * <p>The rise or fall that the pelvis's rotation alone explains, r·(u − u₀) for the lever r from the
 * support hip joint to the sensor, is taken away; the largest remaining sink is the knee drop.
 */
public final class KneeSink {
    /**
     * Settings, with named defaults.
     *
     * @param hipHalfWidthM     lateral distance from the support hip joint to the sensor (half the hip joint
     *                          separation), metres
     * @param sensorAboveHipM   height of the sensor above the hip joints when level, metres
     * @param sensorBehindHipM  distance of the sensor behind the hip joints (a forward tilt lifts it), metres
     * @param marginS           still time taken around a rep to integrate the hip's vertical motion (s)
     * @param stillLeadS        a still moment teaches the error model, or anchors the velocity, only this long
     *                          after its still stretch began (s)
     * @param stillTailS        ... and this long before it ended (s)
     * @param minAnchorS        a still stretch inside a rep anchors the velocity at zero when, trimmed, it lasts
     *                          this long (s)
     * @param maxHeightChangeM  a move from one still moment to the next that leaves the pelvis this much higher or
     *                          lower has stepped on or off the step (m): a step is 15-20 cm; the sink of a knee bend
     *                          is given back before the next still moment, and a short move drifts by centimetres
     * @param maxStepS          a move from one still moment to the next is judged as a step only when it lasts at
     *                          most this long (s): stepping on or off takes one to two seconds, and the integration
     *                          of a longer move (a slow drop) drifts by as much as a step
     * @param sameTiltDeg       ... and when it ends at the tilt it started from, within this (deg): less than a rep's
     *                          depth apart (the tilt-dependent error of even a cheap accelerometer is then a few mg),
     *                          with room for the orientation to settle after the jolt of a step
     */
    public record Settings(double hipHalfWidthM, double sensorAboveHipM, double sensorBehindHipM, double marginS,
            double stillLeadS, double stillTailS, double minAnchorS, double maxHeightChangeM, double maxStepS,
            double sameTiltDeg) {
        public static final Settings DEFAULTS = new Settings(0.09, 0.10, 0.10, 0.6, 0.5, 0.5, 0.2, 0.12, 2.5, 3.0);

        public Settings withHipHalfWidthM(double m) {
            return new Settings(m, sensorAboveHipM, sensorBehindHipM, marginS, stillLeadS, stillTailS, minAnchorS,
                    maxHeightChangeM, maxStepS, sameTiltDeg);
        }
    }

    /**
     * A rep's support-hip sink, and its net height change over the moves short enough to be a step (a longer move's
     * integration drifts by as much as a step).
     */
    record Result(double kneeDropCm, double heightChangeM) {}

    private final Settings settings;
    private final Trace trace;
    private final double maxGapS;
    // Least squares of the vertical acceleration at still moments against the direction of up in the sensor frame
    // (its terms up to the second order, FEATURES of them): the error is the accelerometer's, so one relation holds for
    // every stance (the clip may move, the sensor does not change); each stance has its own intercept (the offset
    // drifts). The stance's sums, and the centred sums of the stances before it.
    static final int FEATURES = 9;
    private double w0, wy;
    private final double[] wu = new double[FEATURES], wuy = new double[FEATURES], wuu = new double[FEATURES * FEATURES];
    private final double[] pastUu = new double[FEATURES * FEATURES], pastUy = new double[FEATURES];
    private long learnedThrough = -1;

    KneeSink(Settings settings, Trace trace, double maxGapS) {
        this.settings = settings;
        this.trace = trace;
        this.maxGapS = maxGapS;
    }

    double marginS() { return settings.marginS(); }

    // The height followed from one still moment to the next (stepping on or off within a stance).
    private double segmentV, segmentP, segmentT, segmentStartS = Double.NaN, stillSinceS = Double.NaN;
    private long segmentFrom;

    /**
     * Whether samples i and j lie at the same tilt, within {@link Settings#sameTiltDeg}: the accelerometer's error
     * depends on the tilt, so a height is told only between two postures of the same tilt (stepping on or off starts
     * and ends standing; a drop ends at its bottom).
     */
    private boolean sameTilt(long i, long j) {
        double c = trace.ux(i) * trace.ux(j) + trace.uy(i) * trace.uy(j) + trace.uz(i) * trace.uz(j);
        return Math.toDegrees(Math.acos(Math.min(1, c))) <= settings.sameTiltDeg();
    }

    /**
     * Follows the pelvis's height from one still moment to the next with sample k: each moving stretch is
     * integrated from rest to rest, with the constant correction of the acceleration that makes it end at rest.
     * Returns the height change of a moving stretch that has just ended (m), or 0 (also for a stretch too long to
     * be a step).
     */
    double followHeight(LevelPosture level, long k) {
        double dt = k > 0 ? trace.t(k) - trace.t(k - 1) : 0;
        if (trace.still(k)) {
            if (Double.isNaN(stillSinceS)) stillSinceS = trace.t(k);
        } else {
            stillSinceS = Double.NaN;
        }
        if (!Double.isNaN(stillSinceS) && trace.t(k) - stillSinceS >= settings.minAnchorS()) {
            // Still long enough to be at rest (a moment's stillness at the turn of a movement is not).
            if (Double.isNaN(segmentStartS)) return 0;
            double net = segmentP - segmentV * segmentT / 2;
            segmentStartS = Double.NaN;
            return segmentT <= settings.maxStepS() && sameTilt(segmentFrom, k) ? net : 0;
        }
        if (Double.isNaN(segmentStartS) && trace.still(k)) return 0;
        if (Double.isNaN(segmentStartS) || dt <= 0 || dt > maxGapS) {
            segmentStartS = trace.t(k);
            segmentFrom = k;
            segmentV = segmentP = segmentT = 0;
            return 0;
        }
        // The accelerometer's tilt-dependent error taken out, as in a rep's measure: a move through a rep's depth
        // (a fast drop and its raise without a still moment) would otherwise drift by as much as a step.
        double a = trace.verticalAcc(k) - error(cachedModel(), k);
        double v1 = segmentV + a * dt;
        segmentP += 0.5 * (segmentV + v1) * dt;
        segmentV = v1;
        segmentT += dt;
        return 0;
    }


    double maxHeightChangeM() { return settings.maxHeightChangeM(); }

    double maxStepS() { return settings.maxStepS(); }

    /**
     * A new stance: the stance's own intercept starts again; the slope learnt so far is kept, being the sensor's (in
     * the sensor's frame it holds wherever the clip sits).
     */
    void reset() {
        segmentStartS = Double.NaN;
        stillSinceS = Double.NaN;
        if (w0 > 0) {
            for (int r = 0; r < FEATURES; r++) {
                for (int c = 0; c < FEATURES; c++) pastUu[FEATURES * r + c] += wuu[FEATURES * r + c] - wu[r] * wu[c] / w0;
                pastUy[r] += wuy[r] - wu[r] * wy / w0;
            }
        }
        w0 = wy = 0;
        java.util.Arrays.fill(wu, 0);
        java.util.Arrays.fill(wuy, 0);
        java.util.Arrays.fill(wuu, 0);
        model = null;
        learnedThrough = Math.max(learnedThrough, trace.last());
    }

    /**
     * Learns the error model from the samples that have become "well inside" a still stretch, given that
     * the wearer has been still since {@code quietSinceS} up to sample {@code k}.
     */
    void learn(LevelPosture level, long k, double quietSinceS) {
        double t = trace.t(k);
        if (Double.isNaN(quietSinceS) || t - quietSinceS < settings.stillLeadS() + settings.stillTailS()) return;
        double from = quietSinceS + settings.stillLeadS(), to = t - settings.stillTailS() - SMOOTH_S;
        long j = Math.max(learnedThrough + 1, trace.oldest() + 1);
        for (; j < trace.size() && trace.t(j) <= to; j++) { // each stored sample is passed once
            double step = trace.t(j) - trace.t(j - 1);
            if (trace.t(j) > from + SMOOTH_S && step > 0 && step <= maxGapS) addSmoothed(j, step);
        }
        learnedThrough = j - 1;
    }

    /**
     * The error model is a static relation (tilt against the reading at rest): it learns from tilt and vertical
     * acceleration averaged over ±{@value #SMOOTH_S} s. Sample by sample, tremor would teach it the opposite: the
     * tangential acceleration of a 4-12 Hz tremor follows the tilt it wobbles, a hundred times more per degree than
     * any sensor error.
     */
    static final double SMOOTH_S = 0.25;

    // The smoothing window as a running sum over samples [windowFrom, windowTo) of the trace, against the level of
    // windowLevel: each sample enters and leaves it once, instead of the window being summed for every sample.
    private long windowFrom = -1, windowTo = -1;
    private double windowX, windowUp, windowZ, windowY;

    private void addSmoothed(long j, double weight) {
        double t = trace.t(j);
        long from = trace.indexAtOrBefore(t - SMOOTH_S, 0);
        if (windowFrom < 0 || from < windowFrom || from > windowTo || windowFrom < trace.oldest()) {
            windowFrom = windowTo = from;
            windowX = windowUp = windowZ = windowY = 0;
        }
        while (windowTo < trace.size() && trace.t(windowTo) <= t + SMOOTH_S) {
            windowX += trace.ux(windowTo);
            windowUp += trace.uy(windowTo);
            windowZ += trace.uz(windowTo);
            windowY += trace.verticalAcc(windowTo);
            windowTo++;
        }
        for (; windowFrom < from; windowFrom++) {
            windowX -= trace.ux(windowFrom);
            windowUp -= trace.uy(windowFrom);
            windowZ -= trace.uz(windowFrom);
            windowY -= trace.verticalAcc(windowFrom);
        }
        long n = windowTo - windowFrom;
        if (n > 0) add(t, windowX / n, windowUp / n, windowZ / n, windowY / n, weight);
    }

    private double[] model;           // the error model as last solved, null when still moments were added since

    private double[] cachedModel() {
        if (model == null) model = model();
        return model;
    }

    /** The terms of the error model: up in the sensor frame, to the second order. */
    private static void features(double ux, double uy, double uz, double[] f) {
        f[0] = ux;
        f[1] = uy;
        f[2] = uz;
        f[3] = ux * ux;
        f[4] = uy * uy;
        f[5] = uz * uz;
        f[6] = ux * uy;
        f[7] = ux * uz;
        f[8] = uy * uz;
    }

    /** The tilt-dependent error of sample k's vertical acceleration (m/s²), but for the stance's constant. */
    private double error(double[] coef, long k) {
        double ux = trace.ux(k), uy = trace.uy(k), uz = trace.uz(k);
        return coef[0] * ux + coef[1] * uy + coef[2] * uz + coef[3] * ux * ux + coef[4] * uy * uy + coef[5] * uz * uz
                + coef[6] * ux * uy + coef[7] * ux * uz + coef[8] * uy * uz;
    }

    /**
     * Still moments teach the error model with a weight that halves every {@value #FORGET_HALF_LIFE_S} s: an
     * accelerometer's offset follows its temperature, which follows the wearer's body heat over minutes (an
     * MPU-6050's zero-g level moves by about a milli-g per degree), and a cheap part's offset wanders besides.
     */
    static final double FORGET_HALF_LIFE_S = 60;
    private double learntAtS = Double.NaN;

    private void forgetUntil(double t) {
        if (!Double.isNaN(learntAtS) && t > learntAtS) {
            double f = Math.pow(0.5, (t - learntAtS) / FORGET_HALF_LIFE_S);
            w0 *= f;
            wy *= f;
            for (int r = 0; r < FEATURES; r++) {
                wu[r] *= f;
                wuy[r] *= f;
                pastUy[r] *= f;
            }
            for (int r = 0; r < FEATURES * FEATURES; r++) {
                wuu[r] *= f;
                pastUu[r] *= f;
            }
        }
        if (Double.isNaN(learntAtS) || t > learntAtS) learntAtS = t;
    }

    private final double[] f = new double[FEATURES];

    private void add(double t, double ux, double uy, double uz, double y, double w) {
        model = null;
        forgetUntil(t);
        features(ux, uy, uz, f);
        w0 += w;
        wy += w * y;
        for (int r = 0; r < FEATURES; r++) {
            wu[r] += w * f[r];
            wuy[r] += w * f[r] * y;
            for (int c = 0; c < FEATURES; c++) wuu[FEATURES * r + c] += w * f[r] * f[c];
        }
    }

    /**
     * Coefficients of the tilt-dependent error of the vertical acceleration (m/s² per term of {@link #features});
     * the constant is left to the integration's own correction. A small ridge keeps a direction the still moments
     * have not spanned at 0: while they have not, the error is taken as nil.
     */
    private double[] model() {
        double ridge = 0.05 * Math.pow(Math.sin(Math.toRadians(3)), 2); // about 0.05 s at a 3 degree tilt
        int n = FEATURES;
        double[][] m = new double[n][n + 1];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                m[r][c] = pastUu[n * r + c] + (w0 > 0 ? wuu[n * r + c] - wu[r] * wu[c] / w0 : 0) + (r == c ? ridge : 0);
            }
            m[r][n] = pastUy[r] + (w0 > 0 ? wuy[r] - wu[r] * wy / w0 : 0);
        }
        for (int col = 0; col < n; col++) { // Gaussian elimination with partial pivoting
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            double[] tmp = m[col]; m[col] = m[pivot]; m[pivot] = tmp;
            if (Math.abs(m[col][col]) < 1e-15) return new double[n];
            for (int r = 0; r < n; r++) {
                if (r == col) continue;
                double q = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) m[r][c] -= q * m[col][c];
            }
        }
        double[] coef = new double[n];
        for (int r = 0; r < n; r++) coef[r] = m[r][n] / m[r][r];
        return coef;
    }

    /**
     * The support hip's largest sink during the rep from {@code startS} to {@code endS} (cm), and the net height
     * change of its moves short enough to be a step (m).
     *
     * @param sign +1 for a left rep (the left side drops, the right hip supports), -1 for a right one
     */
    Result measure(LevelPosture level, DropAxis axis, double startS, double endS, int sign, long floor) {
        return measure(level, axis, startS, endS, endS, sign, floor);
    }

    /**
     * As {@link #measure(LevelPosture, DropAxis, double, double, int, long)}, with the window integrated on to
     * {@code untilS} when that is later than the rep's end: a tilt that came with a burst of motion (stepping off)
     * lands after the tilt is back, and its height is told only at the rest after the burst.
     */
    Result measure(LevelPosture level, DropAxis axis, double startS, double endS, double untilS, int sign, long floor) {
        double margin = settings.marginS();
        long a = trace.indexAtOrBefore(startS - margin, floor);
        long b = trace.indexAtOrBefore(Math.max(endS, untilS) + margin, floor);
        int m = (int) (b - a + 1);
        if (m < 4) return new Result(0, 0);
        double t0 = trace.t(a);
        double[] coef = model();
        double[] tau = new double[m];
        double[] acc = new double[m];
        for (int k = 0; k < m; k++) {
            tau[k] = trace.t(a + k) - t0;
            // the constant part is left to the integration's own correction
            acc[k] = trace.verticalAcc(a + k) - error(coef, a + k);
        }
        if (tau[m - 1] <= 0) return new Result(0, 0);
        boolean[] anchor = anchors(a, m, tau);
        double[] pos = new double[m];
        double[] segStart = new double[m], segLength = new double[m]; // per sample: its moving stretch
        int segments = 0;
        double totalDisplacement = 0, totalWeight = 0, stepDisplacement = 0;
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
            if (T <= settings.maxStepS() && sameTilt(a + s0, a + s1)) stepDisplacement += pos[s1] - pos[s0];
            totalWeight += T * T * T;
            segments++;
            k = s1;
        }
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
        double c = Math.cos(axis.phi()), s = Math.sin(axis.phi());
        double rx = c * level.r0x() + s * level.b0x(), ry = c * level.r0y() + s * level.b0y(), rz = c * level.r0z() + s * level.b0z();
        double bx = ry * level.lz() - rz * level.ly(), by = rz * level.lx() - rx * level.lz(), bz = rx * level.ly() - ry * level.lx();
        double lateral = -sign * settings.hipHalfWidthM(), above = settings.sensorAboveHipM(), behind = settings.sensorBehindHipM();
        double lvx = lateral * rx + above * level.lx() + behind * bx;
        double lvy = lateral * ry + above * level.ly() + behind * by;
        double lvz = lateral * rz + above * level.lz() + behind * bz;
        double maxSinkM = 0;
        for (int j = 0; j < m; j++) {
            double tj = tau[j] + t0;
            if (tj < startS || tj > endS) continue;
            // How far the pelvis's rotation alone (drop and forward tilt) has moved the sensor up: r . (up - level up).
            long i = a + j;
            double rotationM = lvx * (trace.ux(i) - level.lx()) + lvy * (trace.uy(i) - level.ly()) + lvz * (trace.uz(i) - level.lz());
            double sink = -(pos[j] - rotationM);
            if (sink > maxSinkM) maxSinkM = sink;
        }
        // A tilt as short as a step (stepping off or on tilts the pelvis for a second or so) is judged over its whole
        // window, which ends at the tilt it started from.
        double heightChange = endS - startS <= settings.maxStepS() && sameTilt(a, b) ? totalDisplacement : stepDisplacement;
        return new Result(maxSinkM * 100, heightChange);
    }

    /**
     * Still stretches inside the window, trimmed at both ends, and the window's ends: zero vertical velocity. A
     * slow drop turns the pelvis slower than the stillness limit while the support hip may still be sinking: a
     * still stretch anchors only where the pelvis also holds its posture, each {@link #ANCHOR_PIECE_S} of it
     * turning by less than {@link #ANCHOR_TURN_DEG}.
     */
    private boolean[] anchors(long a, int m, double[] tau) {
        boolean[] anchor = new boolean[m];
        int runStart = -1;
        for (int k = 0; k <= m; k++) {
            boolean still = k < m && trace.still(a + k);
            if (still && runStart < 0) runStart = k;
            if (!still && runStart >= 0) {
                int runEnd = k - 1, from = runStart;
                while (runEnd > from && tau[k - 1] - tau[runEnd] < settings.stillTailS()) runEnd--;
                while (from < runEnd && tau[from] - tau[runStart] < settings.stillLeadS()) from++;
                if (tau[runEnd] - tau[from] >= settings.minAnchorS()) anchorHeld(a, tau, from, runEnd, anchor);
                runStart = -1;
            }
        }
        anchor[0] = true;
        anchor[m - 1] = true;
        return anchor;
    }

    /**
     * Posture pieces of a still stretch that anchor the velocity: this long each, seconds; their halves' means are half
     * a second apart.
     */
    static final double ANCHOR_PIECE_S = 1.0;
    /**
     * ... whose two halves' mean postures lie within this of each other (degrees): a held pelvis (tremor averages
     * out over a half); a slow lowering turns half a degree a second or more (a shallow one, 3.5° in 6 s, is still
     * sinking the support hip: pieces of half a second, halves 0.25 s apart, anchored it and lost its knee bend).
     */
    static final double ANCHOR_TURN_DEG = 0.25;

    private void anchorHeld(long a, double[] tau, int from, int to, boolean[] anchor) {
        double cosLimit = Math.cos(Math.toRadians(ANCHOR_TURN_DEG));
        int p = from;
        while (p <= to) {
            int q = p;
            while (q < to && tau[q + 1] - tau[p] <= ANCHOR_PIECE_S) q++;
            int mid = (p + q) / 2;
            if (q - p >= 3) {
                double[] h1 = mean(a + p, a + mid), h2 = mean(a + mid + 1, a + q);
                if (h1[0] * h2[0] + h1[1] * h2[1] + h1[2] * h2[2] >= cosLimit) for (int k = p; k <= q; k++) anchor[k] = true;
            }
            p = q + 1;
        }
    }

    private double[] mean(long from, long to) {
        double sx = 0, sy = 0, sz = 0;
        for (long k = from; k <= to; k++) {
            sx += trace.ux(k);
            sy += trace.uy(k);
            sz += trace.uz(k);
        }
        double n = Math.sqrt(sx * sx + sy * sy + sz * sz);
        return new double[] {sx / n, sy / n, sz / n};
    }
}

package org.hiphike.exercise;

/**
 * Stage "level posture": the stance on the step, the rests within it, and the posture every angle is
 * measured from.
 *
 * <p>A <b>stance</b> begins where motion that is not the exercise (walking, turning, stepping,
 * bending) ends. After stepping on, the wearer stands on the step with the pelvis level, if only for
 * a second: the posture at the start of the stance is the first estimate of the level. A <b>rest</b>
 * is a stretch of at least {@link Settings#minRestS} in which the pelvis stays within
 * {@link Settings#restRadiusDeg} of its mean: standing at level, or the bottom of a hold. Before a
 * set's first rep, each rest that is not the bottom of an excursion of a rep's depth becomes the level
 * (the wearer settles, shifts weight, lets the hanging side sag a little and comes back); from the
 * set's first rep on, the level belongs to the set, as the definitions measure every rep of a set
 * from the posture before its first; the pipeline corrects it from the rests between reps only when
 * they all lie away from it.
 *
 * <p>Coordinates: the level posture is the direction of up in the sensor frame, {@code L}. The level
 * plane is spanned by the nominal right {@code r0} (the sensor's x axis in that plane; its z axis if x
 * is near vertical) and the nominal back {@code b0 = r0 × L}. A tilt is the up vector's component in
 * that plane: {@code (a, b) = (u·r0, u·b0)}, the sines of the tilt toward the right and toward the back.
 */
public final class LevelPosture {
    /**
     * Settings, with named defaults.
     *
     * @param restRadiusDeg  a rest stays within this of its mean (deg): a pelvis held still moves by a few tenths of
     *                       a degree (breathing, tremor, sensor noise after fusion); a slow sway's turning point
     *                       leaves it within a second or two
     * @param minRestS       a stance begins with a rest this long, the wearer still throughout (s): the foot has
     *                       landed and the wearer stands
     * @param levelRestS     before a set, the level follows rests this long (s): the wearer has settled into a new
     *                       posture; the turning point of a sway, or a pause in a slow drop, is not that steady
     * @param levelWindowS   the level is the mean of at most this much of a rest, its latest part (s): long enough to
     *                       average sway and breathing, short enough to leave out settling into the rest
     * @param restLowPassS   the up vector is low-passed over this before rests are judged (s): tremor and noise
     * @param preRepWindowS  a set's level is the posture held in at most this long before its first rep (s)
     * @param preRepRestS    ... when the wearer held it at least this long (s): stood still before starting; the
     *                       turning point of a sway passes in less
     * @param flatDeg        a rest is flat when the middle third of it lies within this of its outer thirds (deg): a
     *                       held posture drifts, it does not turn back; a sway's turning point over two seconds bends
     *                       by 0.3° or more
     */
    public record Settings(double restRadiusDeg, double minRestS, double levelRestS, double levelWindowS, double restLowPassS,
            double preRepWindowS, double preRepRestS, double flatDeg) {
        public static final Settings DEFAULTS = new Settings(0.5, 0.5, 2.0, 1.0, 0.15, 2.5, 1.0, 0.25);
    }

    private final Settings settings;
    private final double cosRestRadius;
    private final Trace trace;

    // The stance
    private boolean inStance;
    private long stanceStart;

    // The level posture: up in the sensor frame, and the level plane's basis
    private boolean hasLevel, fixed;
    private double lx, ly, lz, r0x, r0y, r0z, b0x, b0y, b0z;
    private double levelTakenS;
    private int version;                // counts the levels set: tilts computed against an older one are stale

    // Rest tracking on the low-passed up vector
    private double fx, fy, fz;          // low-passed up
    private boolean filterPrimed;
    private long restStart = -1;        // first index of the current rest candidate
    private double restSumX, restSumY, restSumZ;
    private int restCount;
    private double restMeanX, restMeanY, restMeanZ;

    LevelPosture(Settings settings, Trace trace) {
        this.settings = settings;
        this.cosRestRadius = Math.cos(Math.toRadians(settings.restRadiusDeg()));
        this.trace = trace;
    }

    // ---- stance ----

    /** A stance begins at sample {@code k}: its posture there is the first estimate of the level. */
    void startStance(long k, double[] posture) {
        inStance = true;
        stanceStart = k;
        filterPrimed = false;
        restStart = -1;
        fixed = false;
        setLevel(posture[0], posture[1], posture[2], trace.t(k));
    }

    /** Mean up over samples {@code from..to} of the trace, sensor frame (unit vector). */
    double[] meanPosture(long from, long to) {
        double sx = 0, sy = 0, sz = 0;
        for (long j = Math.max(from, trace.oldest()); j <= to; j++) {
            sx += trace.ux(j);
            sy += trace.uy(j);
            sz += trace.uz(j);
        }
        double m = Math.sqrt(sx * sx + sy * sy + sz * sz);
        if (m == 0) return new double[] {trace.ux(to), trace.uy(to), trace.uz(to)};
        return new double[] {sx / m, sy / m, sz / m};
    }

    /** The stance is over (walking, turning, stepping, bending): no level until the next one. */
    void endStance() {
        inStance = false;
        hasLevel = false;
        fixed = false;
        restStart = -1;
    }

    boolean inStance() { return inStance; }

    long stanceStart() { return stanceStart; }

    // ---- rests ----

    /**
     * Follows rests with sample {@code k} of the stance; true when a rest is established (has lasted the
     * shortest rest) after this sample.
     */
    boolean trackRest(long k) {
        double ux = trace.ux(k), uy = trace.uy(k), uz = trace.uz(k);
        double dt = k > 0 ? trace.t(k) - trace.t(k - 1) : 0;
        if (!filterPrimed) {
            fx = ux; fy = uy; fz = uz;
            filterPrimed = true;
        } else if (dt > 0) {
            double g = Math.min(1, dt / settings.restLowPassS());
            fx += g * (ux - fx);
            fy += g * (uy - fy);
            fz += g * (uz - fz);
        }
        double n = Math.sqrt(fx * fx + fy * fy + fz * fz);
        double px = fx / n, py = fy / n, pz = fz / n;
        if (restStart >= 0) {
            double cos = (px * restMeanX + py * restMeanY + pz * restMeanZ);
            if (cos < cosRestRadius) restStart = -1;
        }
        if (restStart < 0) {
            restStart = k;
            restSumX = restSumY = restSumZ = 0;
            restCount = 0;
        }
        restSumX += px;
        restSumY += py;
        restSumZ += pz;
        restCount++;
        double m = Math.sqrt(restSumX * restSumX + restSumY * restSumY + restSumZ * restSumZ);
        restMeanX = restSumX / m;
        restMeanY = restSumY / m;
        restMeanZ = restSumZ / m;
        return restEstablished(k);
    }

    boolean restEstablished(long k) { return restStart >= 0 && trace.t(k) - trace.t(restStart) >= settings.minRestS(); }

    /**
     * Whether the current rest, at sample k, can be the level before a set: it has lasted the level rest, and it is
     * flat. A slow sway's turning point stays within the rest radius for a second or two too, but it is curved: the
     * middle of that stretch lies further toward the turning point than its ends.
     */
    boolean levelRest(long k) { return flatRest(k, settings.levelRestS()); }

    /** Whether the current rest has lasted {@code minS} at sample k, and its latest {@code minS} are flat. */
    boolean flatRest(long k, double minS) {
        if (restStart < 0 || trace.t(k) - trace.t(restStart) < minS) return false;
        long from = trace.indexAtOrBefore(trace.t(k) - minS, restStart);
        long third = (k - from) / 3;
        if (third < 2) return true;
        double[] a = meanPosture(from, from + third - 1), m = meanPosture(from + third, k - third), b = meanPosture(k - third + 1, k);
        double ox = a[0] + b[0], oy = a[1] + b[1], oz = a[2] + b[2];
        double on = Math.sqrt(ox * ox + oy * oy + oz * oz);
        double cos = (ox * m[0] + oy * m[1] + oz * m[2]) / on;
        return Math.toDegrees(Math.acos(Math.min(1, cos))) <= settings.flatDeg();
    }

    /** Forgets the current rest and the low-pass (rests are followed again from the next sample given). */
    void resetRest() {
        restStart = -1;
        filterPrimed = false;
    }

    double preRepWindowS() { return settings.preRepWindowS(); }

    double restRadiusDeg() { return settings.restRadiusDeg(); }

    double levelWindowS() { return settings.levelWindowS(); }

    double minRestS() { return settings.minRestS(); }

    double preRepRestS() { return settings.preRepRestS(); }


    long restStart() { return restStart; }

    /**
     * Mean up of the current rest's latest part (at most the level window), sensor frame, from the
     * unfiltered trace: the level to take from it.
     */
    double[] restPosture(long k) {
        return meanPosture(Math.max(restStart, trace.indexAtOrBefore(trace.t(k) - settings.levelWindowS(), restStart)), k);
    }

    // ---- the level ----

    /** The sensor's x axis is too near vertical to give the right when its level-plane part is shorter than this (about sin 17°). */
    private static final double NEAR_VERTICAL_SIN = 0.3;

    void setLevel(double x, double y, double z, double timeS) {
        double n = Math.sqrt(x * x + y * y + z * z);
        lx = x / n;
        ly = y / n;
        lz = z / n;
        // The wearer's right as first guess: the sensor's x axis in the level plane (z if x is near vertical).
        double d = lx;
        double ax = 1 - d * lx, ay = -d * ly, az = -d * lz;
        double an = Math.sqrt(ax * ax + ay * ay + az * az);
        if (an < NEAR_VERTICAL_SIN) {
            // right = up x back, back the sensor's z in the plane
            d = lz;
            double bx = -d * lx, by = -d * ly, bz = 1 - d * lz;
            double bn = Math.sqrt(bx * bx + by * by + bz * bz);
            bx /= bn; by /= bn; bz /= bn;
            ax = ly * bz - lz * by;
            ay = lz * bx - lx * bz;
            az = lx * by - ly * bx;
            an = Math.sqrt(ax * ax + ay * ay + az * az);
        }
        r0x = ax / an;
        r0y = ay / an;
        r0z = az / an;
        // back = right x up
        b0x = r0y * lz - r0z * ly;
        b0y = r0z * lx - r0x * lz;
        b0z = r0x * ly - r0y * lx;
        hasLevel = true;
        levelTakenS = timeS;
        version++;
    }

    boolean hasLevel() { return hasLevel; }

    /** Fixes the level for the set (its first rep is counted). */
    void fix() { fixed = true; }

    /** The set is over: the level may follow the wearer's rests again. */
    void release() { fixed = false; }

    boolean fixed() { return fixed; }

    double levelTakenS() { return levelTakenS; }

    /** Changes whenever the level is set: what was computed against the level before is stale. */
    int version() { return version; }

    double lx() { return lx; }
    double ly() { return ly; }
    double lz() { return lz; }

    /** The nominal right and back, sensor frame. */
    double r0x() { return r0x; }
    double r0y() { return r0y; }
    double r0z() { return r0z; }
    double b0x() { return b0x; }
    double b0y() { return b0y; }
    double b0z() { return b0z; }

    /** Tilt of sample k toward the nominal right: sine of the angle (see the class comment). */
    double a(long k) { return trace.ux(k) * r0x + trace.uy(k) * r0y + trace.uz(k) * r0z; }

    /** Tilt of sample k toward the nominal back. */
    double b(long k) { return trace.ux(k) * b0x + trace.uy(k) * b0y + trace.uz(k) * b0z; }

    /** Tilt of a posture (unit up vector, sensor frame) toward the nominal right and back. */
    double a(double x, double y, double z) { return x * r0x + y * r0y + z * r0z; }

    double b(double x, double y, double z) { return x * b0x + y * b0y + z * b0z; }

    /** Cosine of the angle between sample k's up and the level. */
    double cosTilt(long k) { return trace.ux(k) * lx + trace.uy(k) * ly + trace.uz(k) * lz; }

    /** Angle between sample k's up and the level, degrees. */
    double tiltDeg(long k) {
        double c = trace.ux(k) * lx + trace.uy(k) * ly + trace.uz(k) * lz;
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }
}

package org.hiphike.exercise;

/**
 * Stage "drop axis": the direction in the level plane toward which a drop tilts the pelvis (the
 * wearer's right), as an angle {@code phi} from the nominal right toward the nominal back
 * ({@link LevelPosture}). A clip turned about the vertical turns it; so it is learnt from the reps:
 * the median direction of the stance's clean reps. A knee bend tilts the pelvis forward as it sinks,
 * which turns a rep's direction one way only, so reps with a knee bend do not teach it. It never turns further than {@link Settings#maxOffsetDeg} from the nominal right (the
 * clip is at most 30° off): a forward tilt is not a drop.
 */
public final class DropAxis {
    /**
     * Settings, with named defaults.
     *
     * @param maxOffsetDeg  the axis stays within this of the nominal right (deg): a clip up to 30° off, and a
     *                      margin for the wearer's own asymmetry
     * @param maxRepOffDeg  a rep whose direction is further than this from the axis is not a pelvic drop (deg): a knee
     *                      bend tilts the pelvis forward as it sinks, by up to about one and a half times its drop
     *                      (0.3-0.8° per cm of sink), so a rep may lean 55° off the axis; a squat or a forward lean
     *                      pitches ten times more than it rolls, 80-90° off
     * @param reclipDeg     a level posture further than this from the one the axis was learnt in means the sensor
     *                      sits differently on the pelvis (deg): a wearer's level differs from set to set by a few
     *                      degrees of natural obliquity and tilt; a clip put back on sits up to 30° differently
     */
    public record Settings(double maxOffsetDeg, double maxRepOffDeg, double reclipDeg) {
        public static final Settings DEFAULTS = new Settings(40, 60, 10);
    }

    private static final int MAX_REPS = 64;
    private final Settings settings;
    private final double maxOffsetRad;
    private double phi, cos = 1, sin;
    private final double[] clean = new double[MAX_REPS];
    private int cleanCount;

    DropAxis(Settings settings) {
        this.settings = settings;
        this.maxOffsetRad = Math.toRadians(settings.maxOffsetDeg());
    }

    /**
     * A new stance with its level posture (up, sensor frame): nothing learnt in it yet. The axis stays where the
     * stance that taught it left it (the clip has usually not moved), unless the sensor now sits differently on the
     * pelvis (its level posture turned by more than {@link Settings#reclipDeg}): then back to the nominal right.
     */
    void reset(double lx, double ly, double lz) {
        if (cleanCount > 0) {
            taughtX = levelX;
            taughtY = levelY;
            taughtZ = levelZ;
            taught = true;
        }
        cleanCount = 0;
        levelX = lx;
        levelY = ly;
        levelZ = lz;
        if (taught && Math.toDegrees(Math.acos(Math.min(1, lx * taughtX + ly * taughtY + lz * taughtZ))) > settings.reclipDeg()) {
            set(0);
            taught = false;
        }
    }

    private double levelX, levelY = 1, levelZ, taughtX, taughtY, taughtZ;
    private boolean taught;

    /** Whether a clean rep of the current stance has taught the axis. */
    boolean learnt() { return cleanCount > 0; }

    double phi() { return phi; }

    /** Sets the axis angle (radians from the nominal right toward the back), within the allowed offset. */
    void set(double angle) {
        phi = Math.max(-maxOffsetRad, Math.min(maxOffsetRad, angle));
        cos = Math.cos(phi);
        sin = Math.sin(phi);
    }

    /**
     * Adds a counted rep's direction (radians). A rep whose support knee bent leans forward as well: it does not
     * teach the axis.
     */
    void learn(double direction, boolean kneeBend) {
        if (Double.isNaN(direction) || kneeBend) return;
        if (cleanCount == MAX_REPS) {
            System.arraycopy(clean, 1, clean, 0, MAX_REPS - 1);
            cleanCount--;
        }
        clean[cleanCount++] = direction;
        set(median(clean, cleanCount));
    }

    /** True when a rep's direction (radians) is within the allowed angle of the axis. */
    boolean acceptsDirection(double direction) {
        return Double.isNaN(direction) || Math.abs(direction - phi) <= Math.toRadians(settings.maxRepOffDeg());
    }

    /** Obliquity of a tilt (a, b) (sines toward the nominal right and back), degrees, positive when the left side is down. */
    double obliquityDeg(double a, double b) {
        return Math.toDegrees(org.hiphike.core.FastMath.asin(clamp(cos * a + sin * b)));
    }

    /** Sine of the forward tilt of a tilt (a, b) across the axis, positive when the pelvis leans forward. */
    double sinPitch(double a, double b) { return -sin * a + cos * b; }

    /** Forward tilt of a tilt (a, b) across the axis, degrees, positive when the pelvis leans forward. */
    double pitchDeg(double a, double b) {
        return Math.toDegrees(org.hiphike.core.FastMath.asin(clamp(-sin * a + cos * b)));
    }

    /**
     * The principal direction of the tilt over samples {@code from..to} of the trace (radians from the nominal
     * right toward the back, folded into ±90°), NaN when they barely tilt.
     */
    static double direction(LevelPosture level, Trace trace, long from, long to) {
        double aa = 0, bb = 0, ab = 0;
        for (long k = Math.max(from, trace.oldest()); k <= to; k++) {
            double a = level.a(k), b = level.b(k);
            aa += a * a;
            bb += b * b;
            ab += a * b;
        }
        if (aa + bb < 1e-6) return Double.NaN;
        return 0.5 * Math.atan2(2 * ab, aa - bb);
    }

    private static double median(double[] v, int count) {
        double[] s = java.util.Arrays.copyOf(v, count);
        java.util.Arrays.sort(s);
        return count % 2 == 1 ? s[count / 2] : 0.5 * (s[count / 2 - 1] + s[count / 2]);
    }

    private static double clamp(double v) { return v > 1 ? 1 : (v < -1 ? -1 : v); }
}

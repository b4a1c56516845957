package org.hiphike.exercise;

/**
 * Stage "set level": the level a set is measured from. Before its first rep, the posture the wearer held in
 * the moments before it; during the set, the rests between reps (the wearer returns to level between drops).
 * Also how far the wearer's posture before and after a set's first rep lay from that level, for telling a rep from
 * a sway.
 */
final class SetLevel {
    /** Writes one decision in words (see {@link PipelineListener#decision}). */
    interface Explain {
        void explain(double t, String format, Object... args);
    }

    private final LevelPosture level;
    private final Trace trace;
    private final DropAxis axis;
    private final RepDetector detector;
    private final PelvicDropPipeline.Settings settings;
    private final Explain out;

    SetLevel(LevelPosture level, Trace trace, DropAxis axis, RepDetector detector, PelvicDropPipeline.Settings settings,
            Explain out) {
        this.level = level;
        this.trace = trace;
        this.axis = axis;
        this.detector = detector;
        this.settings = settings;
        this.out = out;
    }

    /** A level moved by this is said so (analyze --explain), degrees: a tenth of the level band's width. */
    static final double EXPLAINED_MOVE_DEG = 0.3;

    private void explain(double t, String format, Object... args) { out.explain(t, format, args); }

    private double dropAt(long k) { return axis.obliquityDeg(level.a(k), level.b(k)); }

    // The set's level: the posture before its first rep, and the rests between its reps (a sum of unit vectors).
    private double[] firstLevel;
    private double restsX, restsY, restsZ;
    private int rests;
    private long refiningRest = -1;          // the rest between reps being taken into the set's level
    private double[] refiningPosture;
    private double[] explainedLevel;

    /** The set's first rep is counted: its level so far is the posture before it. */
    void begin() {
        firstLevel = new double[] {level.lx(), level.ly(), level.lz()};
        restsX = restsY = restsZ = 0;
        rests = 0;
        refiningRest = -1;
        refiningPosture = null;
        explainedLevel = firstLevel;
    }

    /**
     * The wearer returns to level between drops: each flat rest between two reps (back at level, the detector
     * between excursions) is one more view of the set's level. Those views scatter by about a rest's radius
     * (breathing, sway, the sensor); when their mean lies further than that from the posture before the first rep,
     * that posture was taken badly (while still settling after stepping on, in a sway, or the orientation has drifted
     * since) and the level becomes the mean of the rests alone: the posture before the first rep is the one view
     * the wearer had not yet come back to. A hold is a rep's depth from level and never between excursions.
     */
    void refine(double[] p, double t) {
        if (level.restStart() != refiningRest) {
            if (refiningPosture != null) {
                restsX += refiningPosture[0];
                restsY += refiningPosture[1];
                restsZ += refiningPosture[2];
                rests++;
            }
            refiningRest = level.restStart();
        }
        refiningPosture = p;
        double rx = restsX + p[0], ry = restsY + p[1], rz = restsZ + p[2];
        double rn = Math.sqrt(rx * rx + ry * ry + rz * rz);
        double apartDeg = Math.toDegrees(Math.acos(Math.min(1, (rx * firstLevel[0] + ry * firstLevel[1] + rz * firstLevel[2]) / rn)));
        if (apartDeg > level.restRadiusDeg()) {
            level.setLevel(rx, ry, rz, t);
        } else {
            level.setLevel(firstLevel[0], firstLevel[1], firstLevel[2], t);
        }
        double movedDeg = Math.toDegrees(Math.acos(Math.min(1,
                explainedLevel[0] * level.lx() + explainedLevel[1] * level.ly() + explainedLevel[2] * level.lz())));
        if (movedDeg >= EXPLAINED_MOVE_DEG) {
            explain(t, "set level: the rests between reps lie %.1f deg from the posture before the first rep; "
                    + "the level is their mean (%d rests, moved %.1f deg)", apartDeg, rests + 1, movedDeg);
            explainedLevel = new double[] {level.lx(), level.ly(), level.lz()};
        }
    }


    /**
     * The level of a set, from its first rep: the posture the wearer held in the moments before it (at most the
     * pre-rep window, within the level band, not before the stance), up to where the drop left that posture.
     */
    long takeBeforeFirstRep(long start, int sign) {
        long from = Math.max(level.stanceStart(), trace.indexAtOrBefore(trace.t(start) - level.preRepWindowS(), 0));
        // The onset of the lowering: walking back from where the drop left level, for as long as it was still
        // shallower a moment earlier.
        long onset = start;
        while (onset > from) {
            long earlier = trace.indexAtOrBefore(trace.t(onset) - ONSET_STEP_S, from);
            if (earlier >= onset || sign * dropAt(earlier) > sign * dropAt(onset) - ONSET_FALL_DEG) break;
            onset = earlier;
        }
        // The wearer stood still there: the stretch before the onset in which the posture stays within the rest
        // radius of its mean. A pelvis still swinging toward the rep is not a posture held; the level stays.
        double cos = Math.cos(Math.toRadians(level.restRadiusDeg()));
        double sx = 0, sy = 0, sz = 0;
        long j0 = onset;
        for (long k = onset; k >= from; k--) {
            double nx = sx + trace.ux(k), ny = sy + trace.uy(k), nz = sz + trace.uz(k);
            double n = Math.sqrt(nx * nx + ny * ny + nz * nz);
            if ((trace.ux(k) * nx + trace.uy(k) * ny + trace.uz(k) * nz) / n < cos) break;
            sx = nx; sy = ny; sz = nz;
            j0 = k;
        }
        if (trace.t(onset) - trace.t(j0) < level.preRepRestS()) {
            // Not held: the level stays, unless it followed a rest into the lowering (a slow one begins as steadily
            // as the wearer stood). The hanging side drops from level: the level is then the posture before the onset.
            if (level.levelTakenS() > trace.t(onset)) {
                long w0 = Math.max(level.stanceStart(), trace.indexAtOrBefore(trace.t(onset) - level.levelWindowS(), 0));
                double[] p = level.meanPosture(w0, onset);
                explain(trace.t(onset), "set level: the level had followed the wearer into the lowering; taken again before it");
                level.setLevel(p[0], p[1], p[2], trace.t(onset));
            }
            return onset;
        }
        // Its latest part: the wearer may still have been settling into it at its start.
        double[] p = level.meanPosture(Math.max(j0, trace.indexAtOrBefore(trace.t(onset) - level.levelWindowS(), j0)), onset);
        explain(trace.t(onset), "set level: the posture held %.1f s before the first rep", trace.t(onset) - trace.t(j0));
        level.setLevel(p[0], p[1], p[2], trace.t(onset));
        return onset;
    }

    /** The lowering is followed back in steps of this long, seconds: longer than sensor noise, shorter than any drop. */
    private static final double ONSET_STEP_S = 0.1;
    /** ... while the drop a step earlier was shallower by at least this, degrees: a lowering, not noise or sway. */
    private static final double ONSET_FALL_DEG = 0.05;

    /**
     * How far toward the rep's side the wearer's mean posture lay in the seconds before its level (degrees, from
     * the level). Standing still it is the level; in a slow sway whose turning point passed for the level it lies
     * toward the sway's other side: sway under 3° from where the wearer stands is not a rep. Samples tilted further
     * than {@link Settings#postureConeDeg} from the level (the end of bending over) are left out.
     */
    double postureOffsetDeg(long onset, int sign) {
        long from = Math.max(level.stanceStart(), trace.indexAtOrBefore(trace.t(onset) - settings.postureHistoryS(), 0));
        double sx = 0, sy = 0, sz = 0;
        for (long k = from; k <= onset; k++) {
            if (level.tiltDeg(k) > settings.postureConeDeg()) continue;
            sx += trace.ux(k);
            sy += trace.uy(k);
            sz += trace.uz(k);
        }
        double n = Math.sqrt(sx * sx + sy * sy + sz * sz);
        if (n == 0) return 0;
        return sign * axis.obliquityDeg(level.a(sx / n, sy / n, sz / n), level.b(sx / n, sy / n, sz / n));
    }

    /**
     * How far toward the rep's side the posture the wearer came back to after a set's first rep lies (degrees, from
     * the level): the mean of the samples from the rep's end until now or until the next excursion began.
     */
    double restAfterOffsetDeg(long end, int sign) {
        long to = trace.last();
        if (detector.inExcursion() && detector.start() > end) to = detector.start();
        double sx = 0, sy = 0, sz = 0;
        for (long k = end; k <= to; k++) {
            sx += trace.ux(k);
            sy += trace.uy(k);
            sz += trace.uz(k);
        }
        double n = Math.sqrt(sx * sx + sy * sy + sz * sz);
        if (n == 0) return 0;
        return sign * axis.obliquityDeg(level.a(sx / n, sy / n, sz / n), level.b(sx / n, sy / n, sz / n));
    }
}

package org.hiphike.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.SplittableRandom;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Side;
import org.hiphike.exercise.Thresholds;

/**
 * What one repetition is meant to look like. These are the motion's parameters, not its measurements:
 * the truth (spec section 4) is measured from the resulting motion.
 *
 * <p>Drop profile: lowering from 0 to {@code dropDeg} in {@code lowerS} by a quintic with zero velocity
 * and acceleration at the start; a hold of {@code holdS} drifting by {@code holdDriftDeg}; raising back to 0
 * in {@code raiseS}; then {@code pauseS} at level. With {@code holdS = 0}, {@code bottomCurvature} (≤ 0,
 * normalised to the lowering time) turns round at the bottom with that curvature instead of stopping
 * (a sharp, short bottom); 0 gives a flat minimum-jerk stop.
 *
 * @param dropDeg         rotation about the support hip joint, degrees (4-15)
 * @param lowerS          lowering time, seconds
 * @param holdS           time held at the bottom, seconds
 * @param holdDriftDeg    change of the drop during the hold, degrees (±0.3)
 * @param raiseS          raising time, seconds
 * @param pauseS          time at level after the rep, seconds (0.3-3)
 * @param sinkCm          vertical sink of the support hip joint at the bottom, centimetres
 *                        (0-0.8 natural, 3-8 with a knee bend)
 * @param bottomCurvature normalised curvature at the bottom when {@code holdS = 0}, in (-20, 0]
 * @param sagDeg          a sag of the hanging side during the pause (the wearer relaxes and comes back), degrees
 *                        toward the rep's side, 0 for none (1.5-2.5: under a rep's minimum)
 * @param sagS            how long the sag lasts, seconds
 * @param sagLate         the sag comes at the end of the pause, just before the next rep (else just after this one)
 */
@JsonPropertyOrder({"drop_deg", "lower_s", "hold_s", "hold_drift_deg", "raise_s", "pause_s", "sink_cm",
        "bottom_curvature", "sag_deg", "sag_s", "sag_late"})
public record RepPlan(
        @JsonProperty("drop_deg") double dropDeg,
        @JsonProperty("lower_s") double lowerS,
        @JsonProperty("hold_s") double holdS,
        @JsonProperty("hold_drift_deg") double holdDriftDeg,
        @JsonProperty("raise_s") double raiseS,
        @JsonProperty("pause_s") double pauseS,
        @JsonProperty("sink_cm") double sinkCm,
        @JsonProperty("bottom_curvature") double bottomCurvature,
        @JsonProperty("sag_deg") double sagDeg,
        @JsonProperty("sag_s") double sagS,
        @JsonProperty("sag_late") boolean sagLate) {

    /** Level time kept between a sag and the rep beside it, seconds: the sag is not part of the rep. */
    static final double SAG_GAP_S = 0.3;

    public RepPlan {
        if (!(lowerS > 0 && raiseS > 0 && holdS >= 0 && pauseS >= 0 && bottomCurvature > -20 && bottomCurvature <= 0)) {
            throw new IllegalArgumentException("rep plan out of range");
        }
        if (sagDeg != 0 && !(sagS > 0 && pauseS >= sagS + 2 * SAG_GAP_S)) {
            throw new IllegalArgumentException("a sag needs sag_s > 0 and a pause of at least sag_s + " + 2 * SAG_GAP_S + " s");
        }
        if (holdS > 0) bottomCurvature = 0;
    }

    /** A rep without a sag in its pause. */
    public RepPlan(double dropDeg, double lowerS, double holdS, double holdDriftDeg, double raiseS, double pauseS,
            double sinkCm, double bottomCurvature) {
        this(dropDeg, lowerS, holdS, holdDriftDeg, raiseS, pauseS, sinkCm, bottomCurvature, 0, 0, false);
    }

    /** Seconds from the start of the rep to the end of its pause. */
    public double durationS() { return lowerS + holdS + raiseS + pauseS; }

    /**
     * The intended form of a rep; faults can be combined. {@code rail}: the wearer holds a rail and pulls the
     * pelvis back up faster; {@code sag}: the hanging side sags by less than a rep's minimum in the pause.
     */
    public record Form(boolean kneeBend, boolean tooFast, boolean shortHold, boolean rail, boolean sag) {
        public static final Form CLEAN = new Form(false, false, false, false, false);

        public Form(boolean kneeBend, boolean tooFast, boolean shortHold) {
            this(kneeBend, tooFast, shortHold, false, false);
        }
    }

    /**
     * A rep drawn at random for the given form. Drops of 5-16° (a fifth of them shallow, 3.5-5°; 3.5-8° with a
     * knee bend), clean lowering in 0.8-6 s, too fast in 0.15-0.5 s, holds of 1.3-5 s, raising in 0.6-2.5 s (0.4-1.2 s
     * at a rail), pauses of 0.5-3 s; a short hold turns round at the bottom with a curvature that keeps it within
     * the hold band for 0.3-0.75 s. Draws are repeated (deterministically) until the rep's own profile, measured with
     * the default thresholds, shows the intended faults with a margin, so that sway cannot flip them.
     */
    public static RepPlan random(SplittableRandom rng, Form form) {
        RepPlan plan = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            plan = draw(rng, form);
            Rep measured = plan.measured(Thresholds.DEFAULTS);
            if (measured == null) continue;
            boolean lowerOk = form.tooFast() ? measured.lowerS() <= 0.45 : measured.lowerS() >= 0.8;
            boolean holdOk = form.shortHold() ? measured.holdS() <= 0.8 : measured.holdS() >= 1.3;
            if (lowerOk && holdOk) return plan;
        }
        return plan;
    }

    private static RepPlan draw(SplittableRandom rng, Form form) {
        double drop = form.kneeBend() ? Person.uniform(rng, 3.5, 8)
                : (rng.nextDouble() < 0.2 ? Person.uniform(rng, 3.5, 5) : Person.uniform(rng, 5, 16));
        double lower = form.tooFast() ? Person.uniform(rng, 0.15, 0.5) : Person.uniform(rng, 0.8, 6.0);
        double raise = form.rail() ? Person.uniform(rng, 0.4, 1.2) : Person.uniform(rng, 0.6, 2.5);
        double pause = Person.uniform(rng, 0.5, 3.0);
        double sink = form.kneeBend() ? Person.uniform(rng, 3, 8) : Person.uniform(rng, 0, 0.8);
        double sagDeg = 0, sagS = 0;
        boolean sagLate = false;
        if (form.sag()) {
            sagDeg = Person.uniform(rng, 1.5, 2.5);
            sagS = Person.uniform(rng, 1.0, 2.5);
            sagLate = rng.nextBoolean();
            pause = Math.max(pause, sagS + 2 * SAG_GAP_S + Person.uniform(rng, 0, 1.0));
        }
        if (form.shortHold()) {
            // Band time around the peak is about 2·sqrt(2 / (drop · κ)) for curvature κ = |a| / lowerS².
            double bandS = Person.uniform(rng, 0.3, 0.75);
            double kappa = 8 / (drop * bandS * bandS);
            double curvature = -Math.min(kappa * lower * lower, MAX_CURVATURE);
            if (curvature * raise * raise / (lower * lower) < -MAX_CURVATURE) {
                raise = lower * Math.sqrt(MAX_CURVATURE / -curvature);
            }
            return new RepPlan(drop, lower, 0, 0, raise, pause, sink, curvature, sagDeg, sagS, sagLate);
        }
        double hold = Person.uniform(rng, 1.3, 5.0);
        double drift = Person.uniform(rng, -0.3, 0.3);
        return new RepPlan(drop, lower, hold, drift, raise, pause, sink, 0, sagDeg, sagS, sagLate);
    }

    /** Sharper turn-rounds than this start the lowering too slowly (the quintic stays monotonic to 20). */
    static final double MAX_CURVATURE = 12;

    /**
     * This rep's own profile (no sway, level before and after) measured with the definitions of spec
     * section 4, times from the rep's start; null if it is not a rep under these thresholds.
     */
    public Rep measured(Thresholds thresholds) {
        double rateHz = 1000;
        int n = (int) Math.ceil((durationS() + 1) * rateHz) + 1;
        double[] time = new double[n], drop = new double[n], sink = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i / rateHz - 0.5;
            time[i] = t;
            drop[i] = dropDegAt(t);
            sink[i] = sinkCm * progress(t);
        }
        List<Rep> reps = TruthReps.find(time, drop, sink, Side.LEFT, thresholds);
        return reps.size() == 1 ? reps.get(0) : null;
    }

    /**
     * The drop angle (degrees, positive = hanging side down) and the normalised progress (0 at level,
     * 1 at the bottom) of this rep at {@code tauS} seconds from its start.
     */
    double dropDegAt(double tauS) {
        return dropDeg * progress(tauS) + holdDriftAt(tauS) + sagAt(tauS);
    }

    /** The sag in the pause, degrees toward the rep's side, at {@code tauS} from the rep's start. */
    private double sagAt(double tauS) {
        if (sagDeg == 0) return 0;
        double pauseStart = lowerS + holdS + raiseS;
        double from = sagLate ? pauseStart + pauseS - SAG_GAP_S - sagS : pauseStart + SAG_GAP_S;
        double x = (tauS - from) / sagS;
        return x > 0 && x < 1 ? sagDeg * Smooth.bump(x) : 0;
    }

    /** Fraction of the way down, 0-1, following the drop profile without the hold drift. */
    double progress(double tauS) {
        if (tauS <= 0) return 0;
        if (tauS < lowerS) return shape(tauS / lowerS, bottomCurvature);
        double t = tauS - lowerS;
        if (t < holdS) return 1;
        t -= holdS;
        if (t < raiseS) return shape(1 - t / raiseS, bottomCurvature * raiseS * raiseS / (lowerS * lowerS));
        return 0;
    }

    private double holdDriftAt(double tauS) {
        if (holdS <= 0 || tauS <= lowerS) return 0;
        double t = tauS - lowerS;
        if (t < holdS) return holdDriftDeg * Smooth.step(t / holdS);
        t -= holdS;
        if (t < raiseS) return holdDriftDeg * (1 - Smooth.step(t / raiseS));
        return 0;
    }

    /** Quintic from 0 to 1 with zero slope and curvature at 0, zero slope and curvature {@code a} at 1. */
    static double shape(double x, double a) {
        return Smooth.step(x) + a * x * x * x * (1 - x) * (1 - x) / 2;
    }
}

package org.hiphike.exercise;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.EnumSet;
import java.util.Set;

/**
 * The measurement thresholds of spec section 4; an exercise prescription may change them
 * and every report states the ones it used.
 *
 * @param levelDeg      drop angle within this is level
 * @param minPeakDeg    a rep must reach at least this peak
 * @param holdBandDeg   the hold is the stretch within this of the peak
 * @param kneeDropCm    support-hip sink beyond this is a knee bend
 * @param shortHoldS    a hold shorter than this is a short hold
 * @param tooFastLowerS a lowering faster than this is too fast
 * @param targetDepthDeg the prescription's target depth: a rep whose peak drop is under it is too shallow; null when
 *                       no depth is prescribed (no rep is then judged too shallow)
 */
@JsonPropertyOrder({"level_deg", "min_peak_deg", "hold_band_deg", "knee_drop_cm", "short_hold_s", "too_fast_lower_s",
        "target_depth_deg"})
public record Thresholds(
        @JsonProperty("level_deg") double levelDeg,
        @JsonProperty("min_peak_deg") double minPeakDeg,
        @JsonProperty("hold_band_deg") double holdBandDeg,
        @JsonProperty("knee_drop_cm") double kneeDropCm,
        @JsonProperty("short_hold_s") double shortHoldS,
        @JsonProperty("too_fast_lower_s") double tooFastLowerS,
        @JsonProperty("target_depth_deg") @JsonInclude(JsonInclude.Include.NON_NULL) Double targetDepthDeg) {

    public static final Thresholds DEFAULTS = new Thresholds(1.5, 3.0, 1.0, 2.0, 1.0, 0.6);

    /*
     * Bounds of each threshold, where the exercise still makes sense of it (a prescription beyond them is a typing
     * error or an attack, not a therapist's choice):
     * level_deg 0.3-5 deg: tighter than the fused orientation's noise, or wider than a shallow rep;
     * min_peak_deg 1-20 deg and more than level_deg: the deepest drops reach 20 deg;
     * hold_band_deg 0.2-5 deg: tighter than noise, or wider than a quarter of a deep drop;
     * knee_drop_cm 0.5-20 cm: under the sensor's resolution of a sink, or more than a squat;
     * short_hold_s 0-30 s and too_fast_lower_s 0-10 s: longer holds and lowerings are not one rep's;
     * target_depth_deg 1-30 deg, as a prescription's target depth.
     */
    public Thresholds {
        check("level_deg", levelDeg, 0.3, 5, "deg");
        check("min_peak_deg", minPeakDeg, 1, 20, "deg");
        check("hold_band_deg", holdBandDeg, 0.2, 5, "deg");
        check("knee_drop_cm", kneeDropCm, 0.5, 20, "cm");
        check("short_hold_s", shortHoldS, 0, 30, "s");
        check("too_fast_lower_s", tooFastLowerS, 0, 10, "s");
        if (targetDepthDeg != null) check("target_depth_deg", targetDepthDeg, 1, 30, "deg");
        if (!(minPeakDeg > levelDeg)) {
            throw new IllegalArgumentException("min_peak_deg (" + minPeakDeg + ") must be more than level_deg (" + levelDeg
                    + "): a rep leaves the level band before its peak");
        }
    }

    /** Thresholds without a target depth (no rep is judged too shallow). */
    public Thresholds(double levelDeg, double minPeakDeg, double holdBandDeg, double kneeDropCm, double shortHoldS,
            double tooFastLowerS) {
        this(levelDeg, minPeakDeg, holdBandDeg, kneeDropCm, shortHoldS, tooFastLowerS, null);
    }

    /** These thresholds with another target depth (null: none). */
    public Thresholds withTargetDepthDeg(Double depthDeg) {
        return new Thresholds(levelDeg, minPeakDeg, holdBandDeg, kneeDropCm, shortHoldS, tooFastLowerS, depthDeg);
    }

    private static void check(String field, double value, double min, double max, String unit) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + " must be " + fmt(min) + "-" + fmt(max) + " " + unit + " (got "
                    + (Double.isFinite(value) ? fmt(value) : "a value that is not a finite number") + ")");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The faults a rep with these measurements has under these thresholds. */
    public Set<Fault> faultsOf(double peakDropDeg, double kneeDropCmValue, double holdS, double lowerS) {
        EnumSet<Fault> faults = EnumSet.noneOf(Fault.class);
        if (kneeDropCmValue > kneeDropCm) faults.add(Fault.KNEE_BEND);
        if (holdS < shortHoldS) faults.add(Fault.SHORT_HOLD);
        if (lowerS < tooFastLowerS) faults.add(Fault.TOO_FAST);
        if (targetDepthDeg != null && peakDropDeg < targetDepthDeg) faults.add(Fault.TOO_SHALLOW);
        return faults;
    }
}

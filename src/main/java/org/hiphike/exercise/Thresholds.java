package org.hiphike.exercise;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 */
public record Thresholds(
        @JsonProperty("level_deg") double levelDeg,
        @JsonProperty("min_peak_deg") double minPeakDeg,
        @JsonProperty("hold_band_deg") double holdBandDeg,
        @JsonProperty("knee_drop_cm") double kneeDropCm,
        @JsonProperty("short_hold_s") double shortHoldS,
        @JsonProperty("too_fast_lower_s") double tooFastLowerS) {

    public static final Thresholds DEFAULTS = new Thresholds(1.5, 3.0, 1.0, 2.0, 1.0, 0.6);

    public Thresholds {
        if (!(levelDeg > 0 && minPeakDeg > levelDeg && holdBandDeg > 0 && kneeDropCm > 0
                && shortHoldS >= 0 && tooFastLowerS >= 0)) {
            throw new IllegalArgumentException("thresholds out of range: need level_deg > 0, min_peak_deg > level_deg, "
                    + "hold_band_deg > 0, knee_drop_cm > 0, short_hold_s >= 0, too_fast_lower_s >= 0");
        }
    }

    /** The faults a rep with these measurements has under these thresholds. */
    public Set<Fault> faultsOf(double kneeDropCmValue, double holdS, double lowerS) {
        EnumSet<Fault> faults = EnumSet.noneOf(Fault.class);
        if (kneeDropCmValue > kneeDropCm) faults.add(Fault.KNEE_BEND);
        if (holdS < shortHoldS) faults.add(Fault.SHORT_HOLD);
        if (lowerS < tooFastLowerS) faults.add(Fault.TOO_FAST);
        return faults;
    }
}

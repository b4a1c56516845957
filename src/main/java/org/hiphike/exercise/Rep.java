package org.hiphike.exercise;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One counted repetition (spec section 4), times in seconds on the recording's clock.
 *
 * @param index       1-based over the whole recording
 * @param set         1-based index of the set it belongs to
 * @param peakDropDeg largest drop angle of the rep, degrees
 * @param holdS       unbroken stretch around the bottom within the hold band of the peak
 * @param kneeDropCm  estimated sink of the support hip during the rep, centimetres
 */
@JsonPropertyOrder({"index", "set", "side", "start_s", "bottom_s", "end_s", "peak_drop_deg", "hold_s",
        "lower_s", "raise_s", "knee_drop_cm", "faults"})
public record Rep(
        int index,
        int set,
        Side side,
        @JsonProperty("start_s") double startS,
        @JsonProperty("bottom_s") double bottomS,
        @JsonProperty("end_s") double endS,
        @JsonProperty("peak_drop_deg") double peakDropDeg,
        @JsonProperty("hold_s") double holdS,
        @JsonProperty("lower_s") double lowerS,
        @JsonProperty("raise_s") double raiseS,
        @JsonProperty("knee_drop_cm") double kneeDropCm,
        List<Fault> faults) {

    public Rep {
        faults = List.copyOf(faults);
    }

    public Rep withIndex(int newIndex, int newSet) {
        return new Rep(newIndex, newSet, side, startS, bottomS, endS, peakDropDeg, holdS, lowerS, raiseS,
                kneeDropCm, faults);
    }

    public boolean has(Fault fault) { return faults.contains(fault); }
}

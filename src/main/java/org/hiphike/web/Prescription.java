package org.hiphike.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.hiphike.exercise.Thresholds;
import org.hiphike.session.Targets;

/**
 * The exercise prescription the dashboard coaches to: targets for the display and cues, and the
 * measurement thresholds (spec section 4) the pipeline uses.
 *
 * @param repsPerSet     reps a set aims at
 * @param sets           sets a session aims at
 * @param holdTargetS    how long to hold at the bottom, seconds (the hold timer fills up to it)
 * @param targetDepthDeg the drop angle to aim for, degrees (a line on the trace)
 * @param thresholds     fault and detection thresholds (the target depth is {@code targetDepthDeg}, see
 *                       {@link #measuredWith()})
 */
@JsonPropertyOrder({"reps_per_set", "sets", "hold_target_s", "target_depth_deg", "thresholds"})
public record Prescription(
        @JsonProperty("reps_per_set") int repsPerSet,
        @JsonProperty("sets") int sets,
        @JsonProperty("hold_target_s") double holdTargetS,
        @JsonProperty("target_depth_deg") double targetDepthDeg,
        @JsonProperty("thresholds") Thresholds thresholds) {

    public static final Prescription DEFAULTS = new Prescription(12, 3, 2.0, 8.0, Thresholds.DEFAULTS);

    public Prescription {
        // The target depth is this prescription's own field; one kept inside the thresholds would be a second copy.
        thresholds = thresholds == null ? Thresholds.DEFAULTS : thresholds.withTargetDepthDeg(null);
        if (repsPerSet < 1 || repsPerSet > 100) throw new IllegalArgumentException("reps_per_set must be 1-100");
        if (sets < 1 || sets > 20) throw new IllegalArgumentException("sets must be 1-20");
        if (!(holdTargetS >= 0 && holdTargetS <= 30)) throw new IllegalArgumentException("hold_target_s must be 0-30");
        if (!(targetDepthDeg >= 1 && targetDepthDeg <= 30)) throw new IllegalArgumentException("target_depth_deg must be 1-30");
    }

    /** The thresholds reps are measured with: these thresholds and the target depth (under it a rep is too shallow). */
    public Thresholds measuredWith() { return thresholds.withTargetDepthDeg(targetDepthDeg); }

    /** The targets, as a stored session's report compares them with what was done. */
    public Targets targets() { return new Targets(repsPerSet, sets, holdTargetS, targetDepthDeg); }

    /** This prescription with another target depth. */
    public Prescription withTargetDepthDeg(double depthDeg) {
        return new Prescription(repsPerSet, sets, holdTargetS, depthDeg, thresholds);
    }
}

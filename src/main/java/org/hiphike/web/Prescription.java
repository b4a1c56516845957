package org.hiphike.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.hiphike.exercise.Thresholds;
import org.hiphike.session.Targets;

/**
 * The exercise prescription the dashboard coaches to: targets for the display and cues, and the
 * measurement thresholds (spec section 4) the pipeline uses.
 *
 * @param repsPerSet     reps a set aims at
 * @param sets           sets a session aims at; per side when {@code sides} is {@code both}
 * @param holdTargetS    how long to hold at the bottom, seconds (the hold timer fills up to it)
 * @param targetDepthDeg the drop angle to aim for, degrees (a line on the trace)
 * @param thresholds     fault and detection thresholds (the target depth is {@code targetDepthDeg}, see
 *                       {@link #measuredWith()})
 * @param restS          rest between sets, seconds (0-600), or null for {@link #DEFAULT_REST_S}
 * @param sides          {@code left}, {@code right} or {@code both} (sets alternate sides), or null when
 *                       the prescription does not say (any side; sets count whatever their side)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"reps_per_set", "sets", "hold_target_s", "target_depth_deg", "rest_s", "sides", "thresholds"})
public record Prescription(
        @JsonProperty("reps_per_set") int repsPerSet,
        @JsonProperty("sets") int sets,
        @JsonProperty("hold_target_s") double holdTargetS,
        @JsonProperty("target_depth_deg") double targetDepthDeg,
        @JsonProperty("thresholds") Thresholds thresholds,
        @JsonProperty("rest_s") Double restS,
        @JsonProperty("sides") String sides) {

    /** The rest between sets when the prescription names none, seconds. */
    public static final double DEFAULT_REST_S = 60;
    /** The values {@code sides} may take (besides null). */
    public static final List<String> SIDES = List.of("left", "right", "both");

    public static final Prescription DEFAULTS = new Prescription(12, 3, 2.0, 8.0, Thresholds.DEFAULTS);

    @JsonCreator
    public Prescription {
        // The target depth is this prescription's own field; one kept inside the thresholds would be a second copy.
        thresholds = thresholds == null ? Thresholds.DEFAULTS : thresholds.withTargetDepthDeg(null);
        if (repsPerSet < 1 || repsPerSet > 100) throw new IllegalArgumentException("reps_per_set must be 1-100");
        if (sets < 1 || sets > 20) throw new IllegalArgumentException("sets must be 1-20");
        if (!(holdTargetS >= 0 && holdTargetS <= 30)) throw new IllegalArgumentException("hold_target_s must be 0-30");
        if (!(targetDepthDeg >= 1 && targetDepthDeg <= 30)) throw new IllegalArgumentException("target_depth_deg must be 1-30");
        if (restS != null && !(restS >= 0 && restS <= 600)) throw new IllegalArgumentException("rest_s must be 0-600");
        if (sides != null && !SIDES.contains(sides)) throw new IllegalArgumentException("sides must be left, right or both");
    }

    /** The thresholds reps are measured with: these thresholds and the target depth (under it a rep is too shallow). */
    public Thresholds measuredWith() { return thresholds.withTargetDepthDeg(targetDepthDeg); }

    /** The targets, as a stored session's report compares them with what was done. */
    public Targets targets() { return new Targets(repsPerSet, sets, holdTargetS, targetDepthDeg); }

    /** This prescription with another target depth. */
    public Prescription withTargetDepthDeg(double depthDeg) {
        return new Prescription(repsPerSet, sets, holdTargetS, depthDeg, thresholds, restS, sides);
    }

    /** A prescription that names no rest (the default applies) and no side. */
    public Prescription(int repsPerSet, int sets, double holdTargetS, double targetDepthDeg, Thresholds thresholds) {
        this(repsPerSet, sets, holdTargetS, targetDepthDeg, thresholds, null, null);
    }

    /** This prescription with other thresholds. */
    public Prescription withThresholds(Thresholds t) {
        return new Prescription(repsPerSet, sets, holdTargetS, targetDepthDeg, t, restS, sides);
    }

    /** This prescription with another rest and sides (null: not named). */
    public Prescription withRest(Double newRestS, String newSides) {
        return new Prescription(repsPerSet, sets, holdTargetS, targetDepthDeg, thresholds, newRestS, newSides);
    }

    /** The rest between sets, seconds: the prescription's, else {@link #DEFAULT_REST_S}. */
    @JsonIgnore
    public double effectiveRestS() { return restS != null ? restS : DEFAULT_REST_S; }

    /** Sets of the whole session: {@code sets}, twice that when both sides are prescribed. */
    @JsonIgnore
    public int totalSets() { return "both".equals(sides) ? 2 * sets : sets; }
}

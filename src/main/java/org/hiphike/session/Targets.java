package org.hiphike.session;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What an exercise prescription asked of a session, for the report's comparison of prescribed against done. Same
 * names and bounds as the dashboard's prescription; a target that was not prescribed is null (a recording reported
 * from the command line may be given only some).
 *
 * @param repsPerSet     reps a set aims at (1-100), or null
 * @param sets           sets a session aims at (1-20), or null
 * @param holdTargetS    how long to hold at the bottom, seconds (0-30), or null
 * @param targetDepthDeg the drop angle to aim for, degrees (1-30), or null
 */
@JsonPropertyOrder({"reps_per_set", "sets", "hold_target_s", "target_depth_deg"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Targets(
        @JsonProperty("reps_per_set") Integer repsPerSet,
        @JsonProperty("sets") Integer sets,
        @JsonProperty("hold_target_s") Double holdTargetS,
        @JsonProperty("target_depth_deg") Double targetDepthDeg) {

    public Targets {
        if (repsPerSet != null && (repsPerSet < 1 || repsPerSet > 100)) throw new IllegalArgumentException("reps_per_set must be 1-100");
        if (sets != null && (sets < 1 || sets > 20)) throw new IllegalArgumentException("sets must be 1-20");
        if (holdTargetS != null && !(holdTargetS >= 0 && holdTargetS <= 30)) {
            throw new IllegalArgumentException("hold_target_s must be 0-30");
        }
        if (targetDepthDeg != null && !(targetDepthDeg >= 1 && targetDepthDeg <= 30)) {
            throw new IllegalArgumentException("target_depth_deg must be 1-30");
        }
    }

    /** True when nothing is prescribed. */
    @JsonIgnore
    public boolean isEmpty() { return repsPerSet == null && sets == null && holdTargetS == null && targetDepthDeg == null; }
}

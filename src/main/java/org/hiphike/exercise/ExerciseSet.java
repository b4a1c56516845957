package org.hiphike.exercise;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Consecutive reps on one side (spec section 4); times in seconds on the recording's clock. */
@JsonPropertyOrder({"index", "side", "start_s", "end_s", "rep_count"})
public record ExerciseSet(
        int index,
        Side side,
        @JsonProperty("start_s") double startS,
        @JsonProperty("end_s") double endS,
        @JsonProperty("rep_count") int repCount) {
}

package org.hiphike.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A stretch of simulated motion in the truth file.
 *
 * @param kind   walk, turn, step_off, step_on, bend, knock, reclip, sway or exercise
 * @param startS start, seconds on the recording's clock
 * @param endS   end, seconds on the recording's clock
 */
@JsonPropertyOrder({"kind", "start_s", "end_s"})
public record MotionEvent(String kind, @JsonProperty("start_s") double startS, @JsonProperty("end_s") double endS) {
}

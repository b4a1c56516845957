package org.hiphike.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.hiphike.exercise.Side;

/**
 * One stretch of a simulated session. Activities follow each other; each starts where the previous
 * one ended (position, heading) and starts and ends at rest, so the whole motion is smooth.
 * {@link #kind()} is the event kind written to the truth file.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Activity.Sway.class, name = "sway"),
        @JsonSubTypes.Type(value = Activity.Walk.class, name = "walk"),
        @JsonSubTypes.Type(value = Activity.Turn.class, name = "turn"),
        @JsonSubTypes.Type(value = Activity.StepOff.class, name = "step_off"),
        @JsonSubTypes.Type(value = Activity.StepOn.class, name = "step_on"),
        @JsonSubTypes.Type(value = Activity.Bend.class, name = "bend"),
        @JsonSubTypes.Type(value = Activity.Knock.class, name = "knock"),
        @JsonSubTypes.Type(value = Activity.Reclip.class, name = "reclip"),
        @JsonSubTypes.Type(value = Activity.Exercise.class, name = "exercise")})
public sealed interface Activity {
    /** Seconds the activity lasts, > 0. */
    double durationS();

    /** Event kind: walk, turn, step_off, step_on, bend, knock, reclip, sway or exercise. */
    String kind();

    /**
     * Standing still with postural sway and slow pelvic-obliquity excursions that peak at
     * {@code excursionDeg} (kept under 3 degrees: never a rep).
     */
    record Sway(@JsonProperty("duration_s") double durationS, @JsonProperty("excursion_deg") double excursionDeg)
            implements Activity {
        public String kind() { return "sway"; }
    }

    /**
     * Walking forward at {@code speedMps} (1-1.4) with a vertical bob of ±{@code bobM} (0.02-0.03) at the
     * step frequency {@code stepHz} (~1.8), pelvic obliquity of ±{@code obliquityDeg} (3-6) and yaw and
     * lateral sway at the stride frequency (half the step frequency).
     */
    record Walk(@JsonProperty("duration_s") double durationS, @JsonProperty("speed_mps") double speedMps,
                @JsonProperty("step_hz") double stepHz, @JsonProperty("bob_m") double bobM,
                @JsonProperty("obliquity_deg") double obliquityDeg) implements Activity {
        public Walk {
            if (!(durationS >= 1.6 && speedMps >= 0 && stepHz > 0)) {
                throw new IllegalArgumentException("walk needs duration_s >= 1.6 (two 0.8 s speed ramps), speed >= 0, step_hz > 0");
            }
        }

        public String kind() { return "walk"; }
    }

    /** Turning on the spot by {@code angleDeg} (positive = to the left, counter-clockwise seen from above). */
    record Turn(@JsonProperty("duration_s") double durationS, @JsonProperty("angle_deg") double angleDeg)
            implements Activity {
        public String kind() { return "turn"; }
    }

    /** Stepping down off the step: down {@code heightM} (0.15-0.2) and forward {@code forwardM}. */
    record StepOff(@JsonProperty("duration_s") double durationS, @JsonProperty("height_m") double heightM,
                   @JsonProperty("forward_m") double forwardM) implements Activity {
        public String kind() { return "step_off"; }
    }

    /** Stepping up onto the step: up {@code heightM} (0.15-0.2) and forward {@code forwardM}. */
    record StepOn(@JsonProperty("duration_s") double durationS, @JsonProperty("height_m") double heightM,
                  @JsonProperty("forward_m") double forwardM) implements Activity {
        public String kind() { return "step_on"; }
    }

    /** Bending forward: pelvis pitch {@code pitchDeg} (30-60) forward and back. */
    record Bend(@JsonProperty("duration_s") double durationS, @JsonProperty("pitch_deg") double pitchDeg)
            implements Activity {
        public String kind() { return "bend"; }
    }

    /**
     * Standing while the sensor is knocked {@code atS} seconds in: a pulse of {@code pulseS} (0.01-0.03)
     * with peaks of about {@code accG} (a few g) and {@code gyroDps}.
     */
    record Knock(@JsonProperty("duration_s") double durationS, @JsonProperty("at_s") double atS,
                 @JsonProperty("pulse_s") double pulseS, @JsonProperty("acc_g") double accG,
                 @JsonProperty("gyro_dps") double gyroDps) implements Activity {
        public Knock {
            if (!(pulseS > 0 && atS >= 0 && atS + pulseS <= durationS)) {
                throw new IllegalArgumentException("knock pulse must lie inside the activity");
            }
        }

        public String kind() { return "knock"; }
    }

    /** Standing while the sensor is unclipped, handled and clipped back on with a new misalignment. */
    record Reclip(@JsonProperty("duration_s") double durationS, Misalignment mount) implements Activity {
        public String kind() { return "reclip"; }
    }

    /**
     * A set on the step: {@code settleS} standing level (the set's level posture, with a natural pelvic
     * obliquity of {@code levelObliquityDeg}), the reps, then {@code afterS} standing.
     */
    record Exercise(Side side, @JsonProperty("settle_s") double settleS,
                    @JsonProperty("level_obliquity_deg") double levelObliquityDeg, List<RepPlan> reps,
                    @JsonProperty("after_s") double afterS) implements Activity {
        public Exercise {
            reps = List.copyOf(reps);
            if (settleS < 1.5 || afterS < 1.0) throw new IllegalArgumentException("settle_s >= 1.5 and after_s >= 1 needed");
        }

        public double durationS() {
            double total = settleS + afterS;
            for (RepPlan r : reps) total += r.durationS();
            return total;
        }

        public String kind() { return "exercise"; }
    }
}

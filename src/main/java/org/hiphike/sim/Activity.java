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
        @JsonSubTypes.Type(value = Activity.Squat.class, name = "squat"),
        @JsonSubTypes.Type(value = Activity.StepDown.class, name = "step_down"),
        @JsonSubTypes.Type(value = Activity.Exercise.class, name = "exercise")})
public sealed interface Activity {
    /** Seconds the activity lasts, > 0. */
    double durationS();

    /** Event kind: walk, turn, step_off, step_on, bend, knock, reclip, squat, step_down, sway or exercise. */
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

    /**
     * Double-leg half squats on the floor: {@code count} times the pelvis sinks {@code sinkM} (0.15-0.3) and
     * pitches {@code pitchDeg} (12-18) forward while the hips go back, tilting sideways by {@code rollDeg}
     * (under 1.5) and back. Not the exercise: a forward tilt is not a drop.
     */
    record Squat(@JsonProperty("duration_s") double durationS, int count, @JsonProperty("sink_m") double sinkM,
                 @JsonProperty("pitch_deg") double pitchDeg, @JsonProperty("roll_deg") double rollDeg) implements Activity {
        public Squat {
            if (!(count >= 1 && durationS >= count)) throw new IllegalArgumentException("squat needs count >= 1, 1 s each");
        }

        public String kind() { return "squat"; }
    }

    /**
     * A step-down on the step, on the support leg of a set on {@code side}: the free foot is lowered toward the
     * floor and back by bending the support knee, the support hip sinking {@code sinkM} (0.08-0.15); the free side of
     * the pelvis drops {@code dropDeg} (2-8), it pitches {@code pitchDeg} (5-10) forward and turns {@code twistDeg}
     * (10-25) toward the free side and back, 40-60 °/s at its fastest. The knee-bend mistake at its largest: it
     * is either a rep with {@code knee_bend} or not the exercise, never a clean rep.
     */
    record StepDown(@JsonProperty("duration_s") double durationS, Side side, @JsonProperty("sink_m") double sinkM,
                    @JsonProperty("drop_deg") double dropDeg, @JsonProperty("pitch_deg") double pitchDeg,
                    @JsonProperty("twist_deg") double twistDeg) implements Activity {
        public String kind() { return "step_down"; }
    }

    /** Standing while the sensor is unclipped, handled and clipped back on with a new misalignment. */
    record Reclip(@JsonProperty("duration_s") double durationS, Misalignment mount) implements Activity {
        public String kind() { return "reclip"; }
    }

    /**
     * A set on the step: {@code settleS} standing level (the set's level posture, with a natural pelvic
     * obliquity of {@code levelObliquityDeg}, reached in its first second), the reps, then {@code afterS} standing.
     * {@code leadSagDeg} (0 for none): the hanging side sags by that much and comes back during the settling,
     * just before the first rep. {@code rail}: the wearer holds a rail, and sways a third as much.
     */
    record Exercise(Side side, @JsonProperty("settle_s") double settleS,
                    @JsonProperty("level_obliquity_deg") double levelObliquityDeg, List<RepPlan> reps,
                    @JsonProperty("after_s") double afterS, @JsonProperty("lead_sag_deg") double leadSagDeg,
                    boolean rail) implements Activity {
        public Exercise {
            reps = List.copyOf(reps);
            if (settleS < 1.0 || afterS < 1.0) throw new IllegalArgumentException("settle_s >= 1 and after_s >= 1 needed");
            if (leadSagDeg != 0 && settleS < LEAD_SAG_MIN_SETTLE_S) {
                throw new IllegalArgumentException("a lead sag needs settle_s >= " + LEAD_SAG_MIN_SETTLE_S);
            }
        }

        /** A set without a sag before its first rep, without a rail. */
        public Exercise(Side side, double settleS, double levelObliquityDeg, List<RepPlan> reps, double afterS) {
            this(side, settleS, levelObliquityDeg, reps, afterS, 0, false);
        }

        /** The settling must leave a second of level and room for the sag before the first rep. */
        static final double LEAD_SAG_MIN_SETTLE_S = 2.5;

        /** The lead sag's drop (degrees toward the set's side) at {@code tauS} into the set. */
        double leadSagAt(double tauS) {
            if (leadSagDeg == 0) return 0;
            double sagS = Math.min(2.0, settleS - 1.0 - RepPlan.SAG_GAP_S);
            double x = (tauS - (settleS - RepPlan.SAG_GAP_S - sagS)) / sagS;
            return x > 0 && x < 1 ? leadSagDeg * Smooth.bump(x) : 0;
        }

        public double durationS() {
            double total = settleS + afterS;
            for (RepPlan r : reps) total += r.durationS();
            return total;
        }

        public String kind() { return "exercise"; }
    }
}

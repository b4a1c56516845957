package org.hiphike.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.SplittableRandom;

/**
 * Body geometry and the small involuntary motions of the wearer. Lengths in metres, angles in degrees,
 * frequencies in hertz. Pelvis frame: x = right, y = up, z = backward, origin at the pelvis centre.
 *
 * @param hipHalfWidthM      half the distance between the hip joint centres (0.07-0.10)
 * @param hipJointBelowM     how far the hip joint centres are below the pelvis centre (0.05-0.09)
 * @param leverBackM         sensor position behind the pelvis centre (0.07-0.14)
 * @param leverUpM           sensor position above the pelvis centre (0-0.08)
 * @param pelvisHeightM      pelvis centre height when standing on the floor (0.85-1.05)
 * @param breathingHz        breathing frequency (0.2-0.4)
 * @param breathingPitchDeg  pelvis pitch amplitude of breathing (0.1-0.4)
 * @param breathingRiseM     vertical amplitude of breathing (0.0005-0.002)
 * @param swayDeg            postural sway amplitude of pelvis roll, pitch and yaw (0.1-0.25)
 * @param swayM              postural sway amplitude of pelvis translation (0.002-0.006)
 * @param tremorHz           tremor frequency (8-12 physiological; 4-6 for an older person's tremor)
 * @param tremorDeg          tremor amplitude (0.005-0.03 physiological; 0.05-0.2 for an older person)
 * @param kneeTiltDegPerCm   forward pelvis tilt that comes with each centimetre of support-knee sink (0.3-0.8)
 */
@JsonPropertyOrder({"hip_half_width_m", "hip_joint_below_m", "lever_back_m", "lever_up_m", "pelvis_height_m",
        "breathing_hz", "breathing_pitch_deg", "breathing_rise_m", "sway_deg", "sway_m", "tremor_hz", "tremor_deg",
        "knee_tilt_deg_per_cm"})
public record Person(
        @JsonProperty("hip_half_width_m") double hipHalfWidthM,
        @JsonProperty("hip_joint_below_m") double hipJointBelowM,
        @JsonProperty("lever_back_m") double leverBackM,
        @JsonProperty("lever_up_m") double leverUpM,
        @JsonProperty("pelvis_height_m") double pelvisHeightM,
        @JsonProperty("breathing_hz") double breathingHz,
        @JsonProperty("breathing_pitch_deg") double breathingPitchDeg,
        @JsonProperty("breathing_rise_m") double breathingRiseM,
        @JsonProperty("sway_deg") double swayDeg,
        @JsonProperty("sway_m") double swayM,
        @JsonProperty("tremor_hz") double tremorHz,
        @JsonProperty("tremor_deg") double tremorDeg,
        @JsonProperty("knee_tilt_deg_per_cm") double kneeTiltDegPerCm) {

    /** A typical adult. */
    public static final Person TYPICAL = new Person(0.085, 0.07, 0.10, 0.03, 0.95, 0.28, 0.2, 0.001, 0.15, 0.004,
            10, 0.01, 0.5);

    /** Share of people drawn with an older person's slower, larger tremor. */
    static final double OLDER_TREMOR_SHARE = 0.3;

    /**
     * A person drawn uniformly over the documented ranges; {@value #OLDER_TREMOR_SHARE} of them with an older
     * person's 4-6 Hz tremor of 0.05-0.2°.
     */
    public static Person random(SplittableRandom rng) {
        Person p = new Person(
                uniform(rng, 0.07, 0.10), uniform(rng, 0.05, 0.09), uniform(rng, 0.07, 0.14), uniform(rng, 0.0, 0.08),
                uniform(rng, 0.85, 1.05), uniform(rng, 0.2, 0.4), uniform(rng, 0.1, 0.4), uniform(rng, 0.0005, 0.002),
                uniform(rng, 0.1, 0.25), uniform(rng, 0.002, 0.006), uniform(rng, 8, 12), uniform(rng, 0.005, 0.03),
                uniform(rng, 0.3, 0.8));
        if (rng.nextDouble() >= OLDER_TREMOR_SHARE) return p;
        return new Person(p.hipHalfWidthM, p.hipJointBelowM, p.leverBackM, p.leverUpM, p.pelvisHeightM, p.breathingHz,
                p.breathingPitchDeg, p.breathingRiseM, p.swayDeg, p.swayM, uniform(rng, 4, 6), uniform(rng, 0.05, 0.2),
                p.kneeTiltDegPerCm);
    }

    static double uniform(SplittableRandom rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }
}

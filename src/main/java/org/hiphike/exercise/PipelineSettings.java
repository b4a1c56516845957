package org.hiphike.exercise;

import org.hiphike.fusion.FusionSettings;

/**
 * Settings of the pelvic drop pipeline, with named defaults.
 *
 * @param thresholds           the measurement definitions' thresholds (spec section 4)
 * @param fusion               orientation filter settings
 * @param hipHalfWidthM        lateral distance from the support hip joint to the sensor (half the hip joint separation)
 * @param sensorAboveHipM      height of the sensor above the hip joints when level
 * @param sensorBehindHipM     distance of the sensor behind the hip joints (a forward tilt lifts it)
 * @param stillWindowS         stillness needed to take the level posture
 * @param stillGyroDps         angular rate (after bias) below which the wearer counts as still
 * @param stillAccG            |acc| within this of 1 g counts as still
 * @param impactG              |acc| further than this from 1 g is an impact (step, knock): not exercise
 * @param spinDps              angular rate above this is handling or a knock: not exercise
 * @param walkingRmsG          sustained |acc| variation (RMS over about a second) above this is walking or stepping
 * @param turnDps              rotation about the vertical faster than this is turning or walking: not exercise
 * @param maxTiltDeg           tilt further than this from the level posture is bending or stepping: not exercise
 * @param maxPitchDeg          forward or backward tilt further than this is bending: not exercise
 * @param maxRepS              an excursion longer than this is not a rep
 * @param kneeMarginS          still time taken around a rep to integrate the hip's vertical motion
 * @param confirmS             a rep is counted this long after it is back to level (or when the next one starts),
 *                             so that a tilt that runs into stepping off or walking is not counted
 */
public record PipelineSettings(
        Thresholds thresholds,
        FusionSettings fusion,
        double hipHalfWidthM,
        double sensorAboveHipM,
        double sensorBehindHipM,
        double stillWindowS,
        double stillGyroDps,
        double stillAccG,
        double impactG,
        double spinDps,
        double turnDps,
        double walkingRmsG,
        double maxTiltDeg,
        double maxPitchDeg,
        double maxRepS,
        double kneeMarginS,
        double confirmS) {

    public static final PipelineSettings DEFAULTS = new PipelineSettings(Thresholds.DEFAULTS, FusionSettings.DEFAULTS,
            0.09, 0.10, 0.10, 1.5, 2.5, 0.03, 0.45, 250, 40, 0.1, 30, 15, 30, 0.6, 1.0);

    public PipelineSettings withThresholds(Thresholds t) {
        return new PipelineSettings(t, fusion, hipHalfWidthM, sensorAboveHipM, sensorBehindHipM, stillWindowS, stillGyroDps, stillAccG,
                impactG, spinDps, turnDps, walkingRmsG, maxTiltDeg, maxPitchDeg, maxRepS, kneeMarginS, confirmS);
    }

    public PipelineSettings withFusion(FusionSettings f) {
        return new PipelineSettings(thresholds, f, hipHalfWidthM, sensorAboveHipM, sensorBehindHipM, stillWindowS, stillGyroDps, stillAccG,
                impactG, spinDps, turnDps, walkingRmsG, maxTiltDeg, maxPitchDeg, maxRepS, kneeMarginS, confirmS);
    }
}

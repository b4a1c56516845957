package org.hiphike.exercise;

import org.hiphike.fusion.FusionSettings;
import org.hiphike.fusion.SensorCalibration;

/**
 * Settings of the pelvic drop pipeline: the definitions' thresholds, and each stage's own settings
 * with their named defaults (see each stage for what every number is and why).
 *
 * @param thresholds  the measurement definitions' thresholds (spec section 4), a prescription may change them
 * @param calibration the sensor's offsets and rest magnitude ({@link SensorCalibration})
 * @param fusion      the orientation filter ({@link org.hiphike.fusion.MahonyAhrs})
 * @param motion      motion that is not the exercise ({@link MotionMonitor})
 * @param stance      stillness, bending, the start of a stance and the confirmation of a rep ({@link PelvicDropPipeline})
 * @param level       rests and the level posture ({@link LevelPosture})
 * @param axis        the drop axis ({@link DropAxis})
 * @param reps        rep detection and the live phase ({@link RepDetector})
 * @param knee        the support hip's sink and the lever to the sensor ({@link KneeSink})
 */
public record PipelineSettings(
        Thresholds thresholds,
        SensorCalibration.Settings calibration,
        FusionSettings fusion,
        MotionMonitor.Settings motion,
        PelvicDropPipeline.Settings stance,
        LevelPosture.Settings level,
        DropAxis.Settings axis,
        RepDetector.Settings reps,
        KneeSink.Settings knee) {

    public static final PipelineSettings DEFAULTS = new PipelineSettings(Thresholds.DEFAULTS, SensorCalibration.Settings.DEFAULTS,
            FusionSettings.DEFAULTS, MotionMonitor.Settings.DEFAULTS, PelvicDropPipeline.Settings.DEFAULTS,
            LevelPosture.Settings.DEFAULTS, DropAxis.Settings.DEFAULTS, RepDetector.Settings.DEFAULTS, KneeSink.Settings.DEFAULTS);

    public PipelineSettings withThresholds(Thresholds t) {
        return new PipelineSettings(t, calibration, fusion, motion, stance, level, axis, reps, knee);
    }

    public PipelineSettings withFusion(FusionSettings f) {
        return new PipelineSettings(thresholds, calibration, f, motion, stance, level, axis, reps, knee);
    }

    /** These settings for a wearer whose support hip joint is {@code m} metres from the sensor, sideways. */
    public PipelineSettings withHipHalfWidthM(double m) {
        return new PipelineSettings(thresholds, calibration, fusion, motion, stance, level, axis, reps, knee.withHipHalfWidthM(m));
    }

    /** Lateral distance from the support hip joint to the sensor, metres. */
    public double hipHalfWidthM() { return knee.hipHalfWidthM(); }
}

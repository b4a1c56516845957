package org.hiphike.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Locale;

/**
 * The error model of an IMU. A reading is
 * {@code clip(quantise((I + S) · ideal + bias(t) + noise))} per sensor, where {@code S} holds scale errors on
 * its diagonal and cross-axis errors off it, {@code bias(t)} is a constant offset plus a random walk, and
 * the white noise has the standard deviation {@code density · sqrt(rate / 2)}.
 *
 * @param name                    preset name
 * @param accNoiseUgPerRootHz     accelerometer noise density, micro-g per √Hz
 * @param gyroNoiseDpsPerRootHz   gyroscope noise density, degrees per second per √Hz
 * @param accBiasG                largest constant accelerometer offset of the x and y axes, g (drawn uniformly in ±)
 * @param accBiasZG               largest constant accelerometer offset of the z axis, g (datasheets give z a larger one)
 * @param gyroBiasDps             largest constant gyroscope offset per axis, degrees per second
 * @param accBiasWalkGPerRootS    accelerometer bias random walk, g per √s
 * @param gyroBiasWalkDpsPerRootS gyroscope bias random walk, degrees per second per √s
 * @param scaleError              largest scale error per axis, fraction (0.01 = 1 %)
 * @param crossAxisError          largest cross-axis coupling, fraction
 * @param accRangeG               accelerometer full scale, ±g
 * @param gyroRangeDps            gyroscope full scale, ±degrees per second
 * @param accLsbG                 accelerometer resolution, g
 * @param gyroLsbDps              gyroscope resolution, degrees per second
 * @param jitterS                 standard deviation of the sample instants about the nominal grid, seconds
 * @param stampJitterS            standard deviation of the written timestamp about the sample's true instant,
 *                                seconds: 0 for a sensor with its own clock; a phone stamps samples when the
 *                                operating system hands them over, a few milliseconds off and sometimes out of order
 * @param dropProbability         probability that a sample is lost
 * @param errorsAtLimits          draw each offset, scale and cross-axis error at 80-100 % of its largest value
 *                                (random sign): a part at the edge of its datasheet envelope
 */
@JsonPropertyOrder({"name", "acc_noise_ug_per_root_hz", "gyro_noise_dps_per_root_hz", "acc_bias_g", "acc_bias_z_g",
        "gyro_bias_dps", "acc_bias_walk_g_per_root_s", "gyro_bias_walk_dps_per_root_s", "scale_error", "cross_axis_error",
        "acc_range_g", "gyro_range_dps", "acc_lsb_g", "gyro_lsb_dps", "jitter_s", "stamp_jitter_s", "drop_probability",
        "errors_at_limits"})
public record SensorModel(
        String name,
        @JsonProperty("acc_noise_ug_per_root_hz") double accNoiseUgPerRootHz,
        @JsonProperty("gyro_noise_dps_per_root_hz") double gyroNoiseDpsPerRootHz,
        @JsonProperty("acc_bias_g") double accBiasG,
        @JsonProperty("acc_bias_z_g") double accBiasZG,
        @JsonProperty("gyro_bias_dps") double gyroBiasDps,
        @JsonProperty("acc_bias_walk_g_per_root_s") double accBiasWalkGPerRootS,
        @JsonProperty("gyro_bias_walk_dps_per_root_s") double gyroBiasWalkDpsPerRootS,
        @JsonProperty("scale_error") double scaleError,
        @JsonProperty("cross_axis_error") double crossAxisError,
        @JsonProperty("acc_range_g") double accRangeG,
        @JsonProperty("gyro_range_dps") double gyroRangeDps,
        @JsonProperty("acc_lsb_g") double accLsbG,
        @JsonProperty("gyro_lsb_dps") double gyroLsbDps,
        @JsonProperty("jitter_s") double jitterS,
        @JsonProperty("stamp_jitter_s") double stampJitterS,
        @JsonProperty("drop_probability") double dropProbability,
        @JsonProperty("errors_at_limits") boolean errorsAtLimits) {

    /** Bosch BMI270 at ±8 g / ±2000 dps (datasheet typical values). */
    public static final SensorModel BMI270 = new SensorModel("bmi270", 160, 0.008, 0.02, 0.02, 0.5, 2e-5, 0.002,
            0.005, 0.005, 8, 2000, 8.0 / 32768, 2000.0 / 32768, 20e-6, 0, 0.0, false);
    /**
     * InvenSense MPU-6050 at ±4 g / ±500 dps, uncalibrated, anywhere in its datasheet envelope: zero-g offset up to
     * ±50 mg (x, y) and ±80 mg (z), sensitivity ±3 %, cross-axis ±2 %, gyroscope zero-rate offset up to ±20 °/s.
     */
    public static final SensorModel MPU6050 = new SensorModel("mpu6050", 400, 0.005, 0.05, 0.08, 20, 5e-5, 0.005,
            0.03, 0.02, 4, 500, 4.0 / 32768, 500.0 / 32768, 100e-6, 0, 0.0005, false);
    /** The same part at the edges of that envelope: every error at 80-100 % of its datasheet limit. */
    public static final SensorModel MPU6050_LIMITS = new SensorModel("mpu6050-limits", 400, 0.005, 0.05, 0.08, 20, 5e-5,
            0.005, 0.03, 0.02, 4, 500, 4.0 / 32768, 500.0 / 32768, 100e-6, 0, 0.0005, true);
    /** ST LSM6DSOX at ±8 g / ±1000 dps, high-performance mode. */
    public static final SensorModel LSM6DSOX = new SensorModel("lsm6dsox", 70, 0.0038, 0.02, 0.02, 1, 1e-5, 0.001,
            0.005, 0.005, 8, 1000, 8.0 / 32768, 1000.0 / 32768, 20e-6, 0, 0.0, false);
    /** A low-cost board over a lossy wireless link: noisy, coarse, jittery, drops samples. */
    public static final SensorModel CHEAP = new SensorModel("cheap", 800, 0.03, 0.08, 0.08, 5, 2e-4, 0.02,
            0.03, 0.03, 4, 500, 1.0 / 1024, 500.0 / 8192, 2e-3, 0, 0.02, false);
    /**
     * A phone in a belt clip: calibrated by its maker, but its readings come rounded to 0.1 m/s² and 0.1 °/s (as
     * browsers deliver them), its samples are stamped by the operating system a few milliseconds off, sometimes
     * out of order, and a few are lost.
     */
    public static final SensorModel PHONE = new SensorModel("phone", 300, 0.01, 0.01, 0.01, 0.2, 2e-5, 0.002,
            0.005, 0.005, 8, 2000, 0.1 / 9.80665, 0.1, 1e-3, 2e-3, 0.005, false);
    /** A perfect sensor (no noise, no offsets, no quantisation), for tests. */
    public static final SensorModel IDEAL = new SensorModel("ideal", 0, 0, 0, 0, 0, 0, 0, 0, 0, 1e9, 1e9, 0, 0, 0, 0, 0, false);

    public static final List<SensorModel> PRESETS = List.of(BMI270, MPU6050, MPU6050_LIMITS, LSM6DSOX, CHEAP, PHONE, IDEAL);

    /** The preset with that name (case-insensitive). */
    public static SensorModel preset(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (SensorModel m : PRESETS) if (m.name.equals(wanted)) return m;
        throw new IllegalArgumentException("unknown sensor preset '" + name + "' (known: "
                + String.join(", ", PRESETS.stream().map(SensorModel::name).toList()) + ")");
    }

    /** This model with another drop probability. */
    public SensorModel withDropProbability(double probability) {
        return new SensorModel(name, accNoiseUgPerRootHz, gyroNoiseDpsPerRootHz, accBiasG, accBiasZG, gyroBiasDps,
                accBiasWalkGPerRootS, gyroBiasWalkDpsPerRootS, scaleError, crossAxisError, accRangeG, gyroRangeDps,
                accLsbG, gyroLsbDps, jitterS, stampJitterS, probability, errorsAtLimits);
    }
}

package org.hiphike.core;

/**
 * What any body-worn MEMS IMU can report, and the rates it streams at: the bounds every reader holds
 * input to. Wider than every supported sensor's full scale (±16 g, ±2000 °/s) and rate (10-1000 Hz),
 * so real data is never refused; a value beyond them is a damaged byte, a wrong unit or a broken clock.
 */
public final class SensorLimits {
    /** Largest |acceleration| per axis a reading may have, g. */
    public static final double MAX_ACC_G = 64;
    /** Largest |angular rate| per axis, degrees per second. */
    public static final double MAX_GYRO_DPS = 5000;
    /** Largest |magnetic field| per axis, microtesla (the Earth's field is 25-65 µT). */
    public static final double MAX_MAG_UT = 5000;
    /** Slowest sample rate an IMU streams at, Hz: below it the time unit is wrong. */
    public static final double MIN_RATE_HZ = 1;
    /** Fastest sample rate, Hz: beyond it the time unit or the clock is wrong. */
    public static final double MAX_RATE_HZ = 5000;
    /**
     * A declared rate (a file's {@code rate_hz}, a sensor's HELLO) and the one its timestamps give may differ by at
     * most this factor: clocks drift by parts per thousand and samples drop out, but not by half.
     */
    public static final double MAX_RATE_MISMATCH = 1.5;
    /**
     * Largest forward step of time within one recording, seconds: a recording runs for hours at most (a 12-hour
     * recording is the longest anyone makes); a step beyond a day is a broken clock, not samples lost.
     */
    public static final double MAX_FORWARD_STEP_S = 24 * 3600;

    private SensorLimits() {}

    /** Whether {@code hz} is a sample rate an IMU streams at. */
    public static boolean plausibleRate(double hz) { return hz >= MIN_RATE_HZ && hz <= MAX_RATE_HZ; }

    /** Whether a declared rate agrees with the rate the timestamps give (both plausible). */
    public static boolean ratesAgree(double declaredHz, double measuredHz) {
        return plausibleRate(declaredHz) && measuredHz > 0
                && declaredHz / measuredHz <= MAX_RATE_MISMATCH && measuredHz / declaredHz <= MAX_RATE_MISMATCH;
    }
}

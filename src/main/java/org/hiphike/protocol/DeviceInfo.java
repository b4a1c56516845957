package org.hiphike.protocol;

import java.util.Set;

/**
 * A device's self-description (hiphike HELLO, PROTOCOL.md section 7.1).
 *
 * @param protocolMajor        protocol major version (1)
 * @param protocolMinor        protocol minor version
 * @param firmwareVersion      {@code major.minor.patch}
 * @param capabilities         what the board has
 * @param deviceId             unique id as 16 hex digits
 * @param sampleRateHz         configured output sample rate in Hz
 * @param accRangeG            accelerometer full scale (±) in g
 * @param accScaleGPerLsb      accelerometer scale factor the firmware applies, g per count
 * @param gyroRangeDps         gyroscope full scale (±) in degrees per second
 * @param gyroScaleDpsPerLsb   gyroscope scale factor the firmware applies, degrees per second per count
 * @param samplesPerMessage    samples per IMU message (1..8)
 * @param axisAlignment        signed-axis name of the chip mounting, e.g. {@code +Y-X+Z}; informative,
 *                             samples are already in the worn frame
 * @param sensorModel          e.g. {@code BMI270}
 * @param board                e.g. {@code nano33ble-rev2}
 */
public record DeviceInfo(int protocolMajor, int protocolMinor, String firmwareVersion, Set<Capability> capabilities,
                         String deviceId, double sampleRateHz, double accRangeG, double accScaleGPerLsb,
                         double gyroRangeDps, double gyroScaleDpsPerLsb, int samplesPerMessage,
                         String axisAlignment, String sensorModel, String board) {

    public DeviceInfo {
        capabilities = Set.copyOf(capabilities);
    }

    /** HELLO capability bits. */
    public enum Capability {
        MAGNETOMETER, IDENTIFY_LED, BATTERY_MEASUREMENT, TEMPERATURE_SENSOR
    }
}

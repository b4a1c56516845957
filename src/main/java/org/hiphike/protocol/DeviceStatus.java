package org.hiphike.protocol;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A device's periodic status (hiphike STATUS, PROTOCOL.md section 7.3).
 *
 * @param timestampUs      device clock in µs when the status was taken (raw, wraps at 2^32)
 * @param samplesDropped   samples the device could not send since power-up
 * @param sampleRateHz     configured output sample rate in Hz
 * @param batteryMv        battery voltage in mV, empty when the device cannot measure it
 * @param temperatureC     IMU die temperature in °C, empty when unknown
 * @param batteryPercent   battery charge 0..100 %, empty when unknown
 * @param streaming        whether IMU messages are being sent
 * @param charging         the battery is charging
 * @param externalPower    USB or other external power present
 * @param imuFault         the IMU is not responding
 */
public record DeviceStatus(long timestampUs, long samplesDropped, double sampleRateHz, OptionalInt batteryMv,
                           OptionalDouble temperatureC, OptionalInt batteryPercent, boolean streaming,
                           boolean charging, boolean externalPower, boolean imuFault) {
}

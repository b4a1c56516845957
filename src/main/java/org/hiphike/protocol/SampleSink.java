package org.hiphike.protocol;

import org.hiphike.core.ImuSample;

/**
 * Receives what a {@link SampleDecoder} decodes, on the caller's thread, during {@code decode}.
 * Samples are in the sensor frame as the device reports it, accelerometer in g, gyroscope in degrees
 * per second, time in seconds from the first sample of the stream, non-decreasing.
 */
@FunctionalInterface
public interface SampleSink {
    void sample(ImuSample sample);

    /** A device announced itself (hiphike HELLO). */
    default void deviceInfo(DeviceInfo info) {}

    /** A device reported its state (hiphike STATUS: battery...). */
    default void deviceStatus(DeviceStatus status) {}
}

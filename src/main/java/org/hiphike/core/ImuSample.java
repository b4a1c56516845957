package org.hiphike.core;

/**
 * One inertial sample in the sensor frame as worn (x = wearer's right, y = up, z = backward).
 *
 * @param timeS   sensor clock in seconds from the start of the recording
 * @param accG    specific force in g (an axis pointing up at rest reads +1 g)
 * @param gyroDps angular rate in degrees per second, positive counter-clockwise (right-hand rule)
 * @param magUt   magnetic field in microtesla, or {@code null} when the sensor has no magnetometer
 */
public record ImuSample(double timeS, Vec3 accG, Vec3 gyroDps, Vec3 magUt) {
    public ImuSample(double timeS, Vec3 accG, Vec3 gyroDps) {
        this(timeS, accG, gyroDps, null);
    }

    public boolean hasMagnetometer() { return magUt != null; }
}

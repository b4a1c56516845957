package org.hiphike.sim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.SplittableRandom;
import org.hiphike.core.Vec3;

/**
 * How the sensor sits on the pelvis: a rotation of the sensor frame away from the pelvis frame by
 * {@code angleDeg} about {@code axis} (pelvis frame, unit vector, right-hand rule). Zero = default
 * alignment (sensor x = right, y = up, z = backward).
 */
public record Misalignment(@JsonIgnoreProperties("finite") Vec3 axis, @JsonProperty("angle_deg") double angleDeg) {
    public static final Misalignment NONE = new Misalignment(new Vec3(0, 0, 1), 0);

    public Misalignment {
        axis = axis.unit();
    }

    /** Sensor-to-pelvis rotation. */
    @JsonIgnore
    public Mat3 matrix() {
        return Mat3.axisAngle(axis, Math.toRadians(angleDeg));
    }

    /** A rotation by exactly {@code angleDeg} about a direction drawn uniformly on the sphere. */
    public static Misalignment randomAxis(SplittableRandom rng, double angleDeg) {
        double z = 2 * rng.nextDouble() - 1;
        double phi = 2 * Math.PI * rng.nextDouble();
        double r = Math.sqrt(1 - z * z);
        return new Misalignment(new Vec3(r * Math.cos(phi), r * Math.sin(phi), z), angleDeg);
    }

    /** A random axis and an angle drawn uniformly in [0, maxDeg]. */
    public static Misalignment random(SplittableRandom rng, double maxDeg) {
        double angle = maxDeg * rng.nextDouble();
        return randomAxis(rng, angle);
    }
}

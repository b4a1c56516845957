package org.hiphike.sim;

import org.hiphike.core.Vec3;

/**
 * A rigid body's pose in the world frame (X = right of the initial heading, Y = up, Z = backward).
 *
 * @param rotation  body-to-world rotation; its columns are the body axes in world
 * @param positionM position of the body origin in world, metres
 */
public record Pose(Mat3 rotation, Vec3 positionM) {

    /** The pose of a frame fixed to this body at {@code offsetM} (body frame, metres), rotated by {@code relative}. */
    public Pose compose(Vec3 offsetM, Mat3 relative) {
        return new Pose(rotation.times(relative), positionM.plus(rotation.times(offsetM)));
    }
}

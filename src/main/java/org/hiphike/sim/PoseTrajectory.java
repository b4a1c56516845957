package org.hiphike.sim;

/** A continuous, twice differentiable pose as a function of time in seconds. */
@FunctionalInterface
public interface PoseTrajectory {
    Pose at(double timeS);
}

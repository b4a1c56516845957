package org.hiphike.sim;

import org.hiphike.core.Vec3;

/**
 * Ideal inertial readings of a body moving along a {@link PoseTrajectory}: what a perfect sensor with
 * that pose would measure. Derivatives are central finite differences of the continuous motion with
 * step {@link #STEP_S}.
 */
public final class Kinematics {
    /**
     * Finite-difference step, seconds. Small enough for knock pulses of 10 ms (error ~ (ωh)²/12 < 0.2 %),
     * large enough that rounding stays below 1e-6 m/s² for positions of tens of metres.
     */
    public static final double STEP_S = 1e-4;
    /** Standard gravity, m/s². */
    public static final double STANDARD_GRAVITY = 9.80665;
    /** Gravity in the world frame (Y up), m/s². */
    public static final Vec3 GRAVITY_WORLD = new Vec3(0, -STANDARD_GRAVITY, 0);

    private Kinematics() {}

    /** The ideal readings of a sensor with the given trajectory at {@code timeS}. */
    public record Reading(Vec3 accG, Vec3 gyroDps) {}

    /**
     * Specific force in the body frame, in g: {@code f = Rᵀ (a_world − g_world) / 9.80665}. A body at rest
     * with its y axis up reads (0, +1, 0).
     */
    public static Vec3 specificForceG(PoseTrajectory body, double timeS) {
        return reading(body, timeS).accG();
    }

    /** Angular rate in the body frame, degrees per second, right-hand rule: {@code ω = vee(Rᵀ dR/dt)}. */
    public static Vec3 angularRateDps(PoseTrajectory body, double timeS) {
        return reading(body, timeS).gyroDps();
    }

    /** Both readings from three pose evaluations. */
    public static Reading reading(PoseTrajectory body, double timeS) {
        double h = STEP_S;
        Pose before = body.at(timeS - h);
        Pose now = body.at(timeS);
        Pose after = body.at(timeS + h);
        Vec3 accWorld = after.positionM().minus(now.positionM().times(2)).plus(before.positionM()).times(1 / (h * h));
        Vec3 accBody = now.rotation().transposeTimes(accWorld.minus(GRAVITY_WORLD)).times(1 / STANDARD_GRAVITY);
        Mat3 derivative = after.rotation().plus(before.rotation().times(-1)).times(1 / (2 * h));
        Vec3 rateBody = Mat3.bodyRate(now.rotation(), derivative).times(180 / Math.PI);
        return new Reading(accBody, rateBody);
    }
}

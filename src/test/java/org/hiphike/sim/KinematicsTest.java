package org.hiphike.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hiphike.core.Vec3;
import org.junit.jupiter.api.Test;

class KinematicsTest {
    private static final double G = Kinematics.STANDARD_GRAVITY;

    @Test
    void atRestLevelReadsOneGUpAndNoRotation() {
        PoseTrajectory still = t -> new Pose(Mat3.IDENTITY, new Vec3(0.3, 1.1, -2));
        Kinematics.Reading r = Kinematics.reading(still, 5.0);
        assertVec(new Vec3(0, 1, 0), r.accG(), 1e-9);
        assertVec(Vec3.ZERO, r.gyroDps(), 1e-9);
    }

    @Test
    void rotationAboutPelvisZAtKnownRateReadsThatRateOnGyroZ() {
        double rateDps = 30;
        PoseTrajectory pelvis = t -> new Pose(Mat3.rotZ(Math.toRadians(rateDps) * t), Vec3.ZERO);
        PoseTrajectory sensor = t -> pelvis.at(t).compose(new Vec3(0, 0.03, 0.1), Mat3.IDENTITY);
        for (double t : new double[] {0, 0.7, 2.5}) {
            assertVec(new Vec3(0, 0, rateDps), Kinematics.angularRateDps(sensor, t), 1e-6);
        }
    }

    @Test
    void rateIsInTheSensorFrameWhenTheSensorIsRotatedOnThePelvis() {
        // Sensor turned 90 degrees about pelvis y: pelvis z (the rotation axis) lies along the sensor's -x axis.
        Mat3 mount = Mat3.rotY(Math.PI / 2);
        PoseTrajectory sensor = t -> new Pose(Mat3.rotZ(Math.toRadians(20) * t), Vec3.ZERO).compose(Vec3.ZERO, mount);
        Vec3 expected = mount.transposeTimes(new Vec3(0, 0, 20));
        assertVec(expected, Kinematics.angularRateDps(sensor, 1.0), 1e-6);
        assertEquals(-20, Kinematics.angularRateDps(sensor, 1.0).x(), 1e-6);
    }

    @Test
    void leverArmShowsCentripetalAcceleration() {
        double omega = 2.0; // rad/s about z
        Vec3 lever = new Vec3(0, 0.05, 0.10);
        PoseTrajectory sensor = t -> new Pose(Mat3.rotZ(omega * t), Vec3.ZERO).compose(lever, Mat3.IDENTITY);
        // At t = 0 the sensor is aligned with the world; centripetal acceleration -ω² r⊥ points along -y.
        Vec3 acc = Kinematics.specificForceG(sensor, 0);
        assertVec(new Vec3(0, (G - omega * omega * 0.05) / G, 0), acc, 1e-6);
    }

    @Test
    void leverArmShowsTangentialAcceleration() {
        double alpha = 3.0; // rad/s² about z, starting from rest at t = 0
        Vec3 lever = new Vec3(0, 0.05, 0.10);
        PoseTrajectory sensor = t -> new Pose(Mat3.rotZ(0.5 * alpha * t * t), Vec3.ZERO).compose(lever, Mat3.IDENTITY);
        Vec3 acc = Kinematics.specificForceG(sensor, 0);
        // α ẑ × (0, 0.05, 0.10) = (-0.15, 0, 0) m/s²
        assertVec(new Vec3(-alpha * 0.05 / G, 1, 0), acc, 1e-6);
    }

    @Test
    void tiltedSensorReadsGravityInItsOwnFrame() {
        Mat3 tilt = Mat3.rotZ(Math.toRadians(10)); // x axis tilted up: right side up
        PoseTrajectory sensor = t -> new Pose(tilt, Vec3.ZERO);
        Vec3 acc = Kinematics.specificForceG(sensor, 0);
        assertEquals(Math.sin(Math.toRadians(10)), acc.x(), 1e-9);
        assertEquals(Math.cos(Math.toRadians(10)), acc.y(), 1e-9);
    }

    @Test
    void axisAngleAgreesWithElementaryRotations() {
        Mat3 a = Mat3.axisAngle(new Vec3(0, 0, 2), 0.3);
        Mat3 b = Mat3.rotZ(0.3);
        assertVec(b.times(new Vec3(1, 2, 3)), a.times(new Vec3(1, 2, 3)), 1e-12);
        assertVec(Mat3.rotX(-0.4).times(new Vec3(1, 2, 3)), Mat3.axisAngle(new Vec3(1, 0, 0), -0.4).times(new Vec3(1, 2, 3)), 1e-12);
    }

    static void assertVec(Vec3 expected, Vec3 actual, double tolerance) {
        assertEquals(expected.x(), actual.x(), tolerance, "x of " + actual);
        assertEquals(expected.y(), actual.y(), tolerance, "y of " + actual);
        assertEquals(expected.z(), actual.z(), tolerance, "z of " + actual);
    }
}

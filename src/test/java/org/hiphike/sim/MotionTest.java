package org.hiphike.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hiphike.core.Vec3;
import org.junit.jupiter.api.Test;

/** The non-exercise motion primitives do what the documentation says. */
class MotionTest {
    private static SimulatedMotion motionOf(Activity... activities) {
        return SimulatedMotion.of(new Scenario("test", 3, Person.TYPICAL, SensorModel.IDEAL, 100, Misalignment.NONE,
                List.of(activities), List.of()));
    }

    @Test
    void walkCoversSpeedTimesDurationLessOneRampWithObliquityAndBob() {
        Activity.Walk walk = new Activity.Walk(6, 1.2, 1.8, 0.025, 5);
        SimulatedMotion m = motionOf(new Activity.Sway(1, 0), walk, new Activity.Sway(1, 0));
        Vec3 before = m.pelvisPose(1).positionM(), after = m.pelvisPose(7).positionM();
        double distance = Math.hypot(after.x() - before.x(), after.z() - before.z());
        assertEquals(1.2 * (6 - 0.8), distance, 0.05);
        assertTrue(after.z() < before.z() - 5, "walked forward (-Z): " + after);
        double maxObliquity = 0, minY = 10, maxY = -10;
        for (double t = 2.5; t < 5.5; t += 0.005) {
            Pose p = m.pelvisPose(t);
            maxObliquity = Math.max(maxObliquity, Math.abs(Math.toDegrees(SimulatedMotion.obliquityRad(p))));
            minY = Math.min(minY, p.positionM().y());
            maxY = Math.max(maxY, p.positionM().y());
        }
        assertEquals(5, maxObliquity, 0.8);
        assertEquals(0.05, maxY - minY, 0.01);
    }

    @Test
    void turnRoundReversesTheHeadingAndPeaksAtTheQuinticRate() {
        SimulatedMotion m = motionOf(new Activity.Sway(1, 0), new Activity.Turn(2, 180), new Activity.Sway(1, 0));
        Vec3 rightBefore = m.pelvisPose(0.9).rotation().columnX();
        Vec3 rightAfter = m.pelvisPose(3.1).rotation().columnX();
        assertEquals(-1, rightBefore.dot(rightAfter), 0.01);
        double peak = 0;
        for (double t = 1; t < 3; t += 0.01) peak = Math.max(peak, Math.abs(m.idealReading(t).gyroDps().y()));
        assertEquals(1.875 * 180 / 2, peak, 8); // quintic peak rate 1.875 · angle / duration
    }

    @Test
    void knockIsAShortSpikeOfAFewG() {
        SimulatedMotion m = motionOf(new Activity.Sway(1, 0), new Activity.Knock(1, 0.4, 0.02, 3, 200),
                new Activity.Sway(1, 0));
        double peakAcc = 0, peakGyro = 0;
        for (double t = 1.38; t < 1.44; t += 0.0005) {
            Kinematics.Reading r = m.idealReading(t);
            peakAcc = Math.max(peakAcc, r.accG().minus(new Vec3(0, 1, 0)).norm());
            peakGyro = Math.max(peakGyro, r.gyroDps().norm());
        }
        assertTrue(peakAcc > 2 && peakAcc < 6, "peak " + peakAcc);
        assertTrue(peakGyro > 120 && peakGyro < 400, "peak " + peakGyro);
        assertTrue(m.idealReading(1.3).accG().minus(new Vec3(0, 1, 0)).norm() < 0.02, "quiet before the knock");
        MotionEvent knock = m.events().get(1);
        assertEquals("knock", knock.kind());
        assertEquals(1.4, knock.startS(), 1e-9);
        assertEquals(1.42, knock.endS(), 1e-9);
    }

    @Test
    void reclipLeavesTheSensorAtTheNewMisalignment() {
        Misalignment next = new Misalignment(new Vec3(0, 0, 1), 20);
        SimulatedMotion m = motionOf(new Activity.Sway(2, 0), new Activity.Reclip(2, next), new Activity.Sway(2, 0));
        Vec3 before = m.idealReading(1.5).accG(), after = m.idealReading(4.5).accG();
        assertEquals(0, Math.toDegrees(Math.atan2(before.x(), before.y())), 0.6);
        // Sensor rotated +20° about z: its x axis points 20° up, so it reads +sin(20°) g.
        assertEquals(20, Math.toDegrees(Math.atan2(after.x(), after.y())), 0.6);
        double peakGyro = 0;
        for (double t = 2; t < 4; t += 0.01) peakGyro = Math.max(peakGyro, m.idealReading(t).gyroDps().norm());
        assertTrue(peakGyro > 50, "handling rotates the sensor: " + peakGyro);
        assertEquals(2, m.mountHistory().size());
        assertEquals(4.0, (double) m.mountHistory().get(1).get("from_s"), 1e-9);
    }

    @Test
    void bendPitchesThePelvisForward() {
        SimulatedMotion m = motionOf(new Activity.Sway(1, 0), new Activity.Bend(4, 45), new Activity.Sway(1, 0));
        Vec3 up = m.pelvisPose(3).rotation().times(new Vec3(0, 1, 0));
        // Pelvis y axis leans forward (world -Z) by the bend angle at mid-bend.
        assertEquals(45, Math.toDegrees(Math.atan2(-up.z(), up.y())), 1.0);
    }

    @Test
    void integratingTheGyroReproducesTheSensorOrientation() {
        // Independent check of the angular rate: strapdown integration of the ideal gyro must follow the pose.
        SimulatedMotion m = motionOf(new Activity.Sway(1, 0.5), new Activity.Walk(4, 1.2, 1.8, 0.025, 5),
                new Activity.Turn(2, 180), new Activity.Knock(1, 0.4, 0.02, 3, 300),
                new Activity.Reclip(2, new Misalignment(new Vec3(1, 2, 3), 25)), new Activity.Bend(3, 50),
                new Activity.Sway(1, 0.5));
        double dt = 2e-4;
        Mat3 r = m.sensorPose(0.5).rotation();
        double end = m.durationS() - 0.5;
        for (double t = 0.5; t < end - dt / 2; t += dt) {
            Vec3 rateRad = m.idealReading(t + dt / 2).gyroDps().times(Math.PI / 180);
            r = r.times(Mat3.axisAngle(rateRad, rateRad.norm() * dt));
        }
        Mat3 truth = m.sensorPose(end).rotation();
        Mat3 error = truth.transpose().times(r);
        double errorDeg = Math.toDegrees(Math.acos(Math.min(1, (error.xx() + error.yy() + error.zz() - 1) / 2)));
        assertTrue(errorDeg < 0.1, "orientation error after " + (end - 0.5) + " s: " + errorDeg + " deg");
    }

    @Test
    void specificForceIsGravityWhenStillAndAccelerationPlusGravityWhenMoving() {
        // Independent check of the accelerometer: rotate the reading back to world and compare with the
        // acceleration of the sensor's position computed from a wider difference.
        SimulatedMotion m = motionOf(new Activity.Sway(1, 0.5), new Activity.Walk(4, 1.2, 1.8, 0.025, 5),
                new Activity.Sway(1, 0.5));
        for (double t = 1.5; t < 4.5; t += 0.37) {
            Vec3 accG = m.idealReading(t).accG();
            Vec3 specificWorld = m.sensorPose(t).rotation().times(accG).times(Kinematics.STANDARD_GRAVITY);
            double h = 2e-3;
            Vec3 a = m.sensorPose(t + h).positionM().minus(m.sensorPose(t).positionM().times(2))
                    .plus(m.sensorPose(t - h).positionM()).times(1 / (h * h));
            Vec3 expected = a.minus(Kinematics.GRAVITY_WORLD);
            KinematicsTest.assertVec(expected, specificWorld, 0.01);
        }
    }
}

package org.hiphike.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.Side;
import org.hiphike.exercise.Thresholds;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    /** A still, typical person with a perfect, perfectly aligned sensor doing the given reps. */
    private static Scenario oneSet(Side side, Misalignment mount, RepPlan... reps) {
        Activity.Exercise set = new Activity.Exercise(side, 3, 0, List.of(reps), 2);
        return new Scenario("test", 7, Person.TYPICAL, SensorModel.IDEAL, 100, mount, List.of(set), List.of());
    }

    private static final RepPlan TEN_DEGREES = new RepPlan(10, 2.0, 2.0, 0, 1.5, 1.0, 0.3, 0);

    @Test
    void leftDropTiltsTheSensorXAxisUpAndRightDropDown() {
        // Bottom of the rep: lowering ends at settle 3 s + 2 s, hold until 7 s.
        for (Side side : Side.values()) {
            SimulatedMotion motion = SimulatedMotion.of(oneSet(side, Misalignment.NONE, TEN_DEGREES));
            Kinematics.Reading bottom = motion.idealReading(6.0);
            double expected = (side == Side.LEFT ? 1 : -1) * Math.sin(Math.toRadians(10));
            assertEquals(expected, bottom.accG().x(), 0.01, side + " acc_x at the bottom");
            Kinematics.Reading lowering = motion.idealReading(4.0);
            assertTrue((side == Side.LEFT ? 1 : -1) * lowering.gyroDps().z() > 5,
                    side + " gyro_z while lowering: " + lowering.gyroDps());
            assertEquals(10, motion.truthDropDeg(6.0), 0.5, "truth drop at the bottom");
        }
    }

    @Test
    void atRestBeforeTheSetTheSensorReadsAboutOneGUp() {
        SimulatedMotion motion = SimulatedMotion.of(oneSet(Side.LEFT, Misalignment.NONE, TEN_DEGREES));
        Kinematics.Reading rest = motion.idealReading(2.0);
        KinematicsTest.assertVec(new Vec3(0, 1, 0), rest.accG(), 0.01); // breathing and sway only
        assertTrue(rest.gyroDps().norm() < 2, "gyro at rest " + rest.gyroDps());
    }

    @Test
    void misalignedSensorSeesGravityAtTheMountAngle() {
        Misalignment mount = new Misalignment(new Vec3(1, 0, 0), 25);
        SimulatedMotion motion = SimulatedMotion.of(oneSet(Side.LEFT, mount, TEN_DEGREES));
        Vec3 acc = motion.idealReading(2.0).accG();
        double angleDeg = Math.toDegrees(Math.acos(acc.y() / acc.norm()));
        assertEquals(25, angleDeg, 0.7);
        // Sensor y tipped backward about x: its z axis points back and down, so it reads -sin(25°) g.
        assertEquals(-Math.sin(Math.toRadians(25)), acc.z(), 0.012);
    }

    @Test
    void plannedRepGivesOneTruthRepWithTheModelledShape() {
        SimulatedRecording sim = Simulator.simulate(oneSet(Side.LEFT, Misalignment.NONE, TEN_DEGREES));
        assertEquals(1, sim.truth().reps().size());
        Rep r = sim.truth().reps().get(0);
        assertEquals(1, r.index());
        assertEquals(1, r.set());
        assertEquals(10, r.peakDropDeg(), 0.5);
        assertTrue(r.startS() > 3.2 && r.startS() < 4.0, "start " + r.startS());
        assertTrue(r.bottomS() > 5.0 && r.bottomS() < 7.0, "bottom " + r.bottomS());
        assertTrue(r.holdS() > 2.0 && r.holdS() < 3.5, "hold " + r.holdS());
        assertEquals(r.endS() - r.startS(), r.lowerS() + r.holdS() + r.raiseS(), 1e-9);
        assertEquals(0.3, r.kneeDropCm(), 0.25);
        assertEquals(List.of(), r.faults());
        assertEquals(1, sim.truth().sets().size());
    }

    @Test
    void kneeBendSinkAppearsAsKneeDrop() {
        RepPlan kneeBend = new RepPlan(6, 2.5, 2.0, 0, 1.5, 1.0, 5.0, 0);
        SimulatedRecording sim = Simulator.simulate(oneSet(Side.RIGHT, Misalignment.NONE, kneeBend));
        Rep r = sim.truth().reps().get(0);
        assertEquals(5.0, r.kneeDropCm(), 0.3);
        assertTrue(r.has(Fault.KNEE_BEND));
        assertEquals(Side.RIGHT, r.side());
    }

    @Test
    void traceFollowsTheTruthAndIsNanOutsideExercise() {
        SimulatedRecording sim = Simulator.simulate(Scenario.preset("session", 5, new Scenario.Options(null, 3, null, null, null, null)));
        double[] t = sim.traceTimeS(), drop = sim.traceObliquityDeg();
        assertEquals(sim.recording().samples().size(), t.length);
        int nan = 0;
        for (double d : drop) if (Double.isNaN(d)) nan++;
        assertTrue(nan > t.length / 4, "walking between sets is outside exercise: " + nan + " of " + t.length);
        for (Rep r : sim.truth().reps()) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < t.length; i++) if (t[i] >= r.startS() && t[i] <= r.endS()) max = Math.max(max, drop[i]);
            assertEquals(r.peakDropDeg(), max, 0.15, "trace peak of rep " + r.index());
        }
    }

    @Test
    void sameSeedSameRecordingOtherSeedOtherRecording() {
        Scenario.Options three = new Scenario.Options(null, 3, null, null, null, null);
        SimulatedRecording a = Simulator.simulate(Scenario.preset("cheap-dropouts", 11, three));
        SimulatedRecording b = Simulator.simulate(Scenario.preset("cheap-dropouts", 11, three));
        SimulatedRecording c = Simulator.simulate(Scenario.preset("cheap-dropouts", 12, three));
        assertEquals(a.recording().samples(), b.recording().samples());
        assertEquals(ReportJson.toJson(a.truth()), ReportJson.toJson(b.truth()));
        assertArrayEquals(a.traceObliquityDeg(), b.traceObliquityDeg());
        assertNotEquals(a.recording().samples().get(10), c.recording().samples().get(10));
    }

    @Test
    void nonExerciseScenariosHaveNoTruthReps() {
        for (long seed = 1; seed <= 3; seed++) {
            Scenario s = Scenario.nonExercise(seed);
            SimulatedMotion motion = SimulatedMotion.of(s);
            assertEquals(List.of(), Simulator.truthReps(motion, Thresholds.DEFAULTS), "seed " + seed);
            List<String> kinds = motion.events().stream().map(MotionEvent::kind).toList();
            for (String kind : List.of("walk", "turn", "step_off", "step_on", "bend", "knock", "sway")) {
                assertTrue(kinds.contains(kind), kind + " in " + kinds);
            }
            assertTrue(!kinds.contains("exercise"));
        }
        assertEquals(0, Simulator.simulate(Scenario.preset("sway", 2, Scenario.Options.NONE)).truth().reps().size());
    }

    @Test
    void nonExerciseMotionIsVigorous() {
        // Walking obliquity and knocks must really be in the signal, or the "not a rep" scenarios test nothing.
        SimulatedRecording sim = Simulator.simulate(Scenario.nonExercise(4));
        double maxAcc = 0, maxGyro = 0;
        for (ImuSample s : sim.recording().samples()) {
            maxAcc = Math.max(maxAcc, s.accG().norm());
            maxGyro = Math.max(maxGyro, s.gyroDps().norm());
        }
        assertTrue(maxAcc > 1.5, "max |acc| " + maxAcc);
        assertTrue(maxGyro > 30, "max |gyro| " + maxGyro);
    }

    @Test
    void randomScenariosGiveTheTruthTheirPlanIntends() {
        // Every planned rep is a truth rep, and the faults measured are the ones planned.
        int planned = 0, kneeBends = 0, tooFast = 0, shortHolds = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Scenario s = Scenario.random(seed);
            List<RepPlan> plans = new ArrayList<>();
            for (Activity a : s.activities()) if (a instanceof Activity.Exercise e) plans.addAll(e.reps());
            List<Rep> truth = Simulator.truthReps(SimulatedMotion.of(s), Thresholds.DEFAULTS);
            assertEquals(plans.size(), truth.size(), "seed " + seed);
            for (int i = 0; i < plans.size(); i++) {
                RepPlan p = plans.get(i);
                Rep r = truth.get(i);
                String where = "seed " + seed + " rep " + (i + 1) + " " + p + " -> " + r;
                assertEquals(p.sinkCm() > 2, r.has(Fault.KNEE_BEND), where);
                assertEquals(p.lowerS() <= 0.5, r.has(Fault.TOO_FAST), where); // too fast plans lower in 0.15-0.5 s, others in 0.8-6 s
                assertEquals(p.holdS() == 0, r.has(Fault.SHORT_HOLD), where);
                kneeBends += r.has(Fault.KNEE_BEND) ? 1 : 0;
                tooFast += r.has(Fault.TOO_FAST) ? 1 : 0;
                shortHolds += r.has(Fault.SHORT_HOLD) ? 1 : 0;
            }
            planned += plans.size();
        }
        assertTrue(planned >= 20, "reps " + planned);
        assertTrue(kneeBends > 0 && tooFast > 0 && shortHolds > 0, kneeBends + " " + tooFast + " " + shortHolds);
    }

    @Test
    void droppedSamplesAndTheGapLeaveHolesInTheClock() {
        Scenario s = Scenario.preset("cheap-dropouts", 3, Scenario.Options.NONE);
        SimulatedRecording sim = Simulator.simulate(s);
        List<ImuSample> samples = sim.recording().samples();
        Scenario.Gap gap = s.gaps().get(0);
        double longest = 0;
        for (int i = 1; i < samples.size(); i++) {
            double t = samples.get(i).timeS();
            assertTrue(t > samples.get(i - 1).timeS(), "time increases");
            assertTrue(t < gap.startS() || t >= gap.startS() + gap.durationS(), "sample in the gap at " + t);
            longest = Math.max(longest, t - samples.get(i - 1).timeS());
        }
        assertTrue(longest >= 0.5, "longest interval " + longest);
        long nominal = Math.round(s.durationS() * 50);
        assertTrue(samples.size() < nominal - 25 - 10, samples.size() + " of " + nominal);
        assertTrue(sim.recording().droppedSamples() > 25 + 10);
    }

    @Test
    void hundredSecondsAtHundredHertzIsFast() {
        Scenario s = Scenario.preset("clean-set", 1, new Scenario.Options(null, 12, null, 100.0, null, null));
        Simulator.simulate(s); // warm up
        long start = System.nanoTime();
        SimulatedRecording sim = Simulator.simulate(s);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(sim.recording().durationS() > 90, "duration " + sim.recording().durationS());
        assertTrue(seconds < 1.0, "took " + seconds + " s");
    }
}

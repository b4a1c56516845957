package org.hiphike.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hiphike.core.AxisRemap;
import org.hiphike.recording.Recording;
import org.hiphike.sim.Activity;
import org.hiphike.sim.Misalignment;
import org.hiphike.sim.Person;
import org.hiphike.sim.RepPlan;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.SensorModel;
import org.hiphike.sim.SimulatedRecording;
import org.hiphike.sim.Simulator;
import org.hiphike.sim.Truth;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What failed on recordings from a simulator that is not hiphike's, rebuilt with hiphike's: a second set that starts
 * a second after stepping back on, an uncalibrated sensor at the edge of its datasheet, sags of the hanging side
 * beside reps, a clip turned 30° off whose first rep bends the knee, phone timestamps out of order, squats and
 * step-downs between sets. Each set must be counted exactly, on its side.
 */
class StanceAndLevelTest {
    private static final Side[] SIDES = {Side.LEFT, Side.RIGHT};

    private static List<Rep> analyse(SimulatedRecording sim) {
        Recording r = sim.recording().withTimesRepaired();
        return Analysis.analyze(r, PipelineSettings.DEFAULTS, AxisRemap.IDENTITY).reps();
    }

    private static List<RepPlan> reps(SplittableRandom rng, int count, boolean kneeFirst, boolean sags) {
        List<RepPlan> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(RepPlan.random(rng, new RepPlan.Form(kneeFirst && i == 0, false, false, false, sags && i < count - 1)));
        }
        return out;
    }

    /** Two sets, the second a second after stepping back on; between them walking, turning, and what else is given. */
    private static Scenario twoSets(long seed, SensorModel sensor, double rate, Misalignment mount, boolean kneeFirst,
            boolean sags, List<Activity> between) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Activity> plan = new ArrayList<>();
        plan.add(new Activity.Sway(1.5, 0.2));
        plan.add(new Activity.Exercise(SIDES[(int) (seed % 2)], 1.0, 0.5, reps(rng, 6, kneeFirst, sags), 2, 0, false));
        plan.add(new Activity.Sway(3, 0.3));
        plan.add(new Activity.StepOff(1.0, 0.18, 0.3));
        plan.add(new Activity.Walk(5, 1.1, 1.8, 0.025, 4));
        plan.add(new Activity.Turn(2.2, 180));
        plan.addAll(between);
        plan.add(new Activity.Walk(5, 1.1, 1.8, 0.025, 4));
        plan.add(new Activity.Turn(2.2, -180));
        plan.add(new Activity.StepOn(1.0, 0.18, 0.3));
        plan.add(new Activity.Exercise(SIDES[(int) (seed % 2)].opposite(), 1.0, -0.7, reps(rng, 6, kneeFirst, sags), 2, 0, false));
        plan.add(new Activity.Sway(2, 0.2));
        return new Scenario("two sets", seed, Person.TYPICAL, sensor, rate, mount, plan, List.of());
    }

    private static void assertSetsCounted(SimulatedRecording sim, String what) {
        Truth truth = sim.truth();
        List<Rep> reps = analyse(sim);
        assertEquals(truth.sets().size(), SetGrouping.setsOf(reps).size(), what + ": sets; reps " + reps);
        for (ExerciseSet set : truth.sets()) {
            long inside = reps.stream().filter(r -> r.side() == set.side() && r.bottomS() >= set.startS() && r.bottomS() <= set.endS())
                    .count();
            assertEquals(set.repCount(), inside, what + ": " + set.side().jsonName() + " set at " + set.startS() + " s; reps " + reps);
        }
        assertEquals(truth.reps().size(), reps.size(), what + ": no rep elsewhere; reps " + reps);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void aSecondSetStartingASecondAfterSteppingOnIsCounted(long seed) {
        for (SensorModel sensor : List.of(SensorModel.BMI270, SensorModel.MPU6050, SensorModel.PHONE)) {
            assertSetsCounted(Simulator.simulate(twoSets(seed, sensor, 100, Misalignment.random(new SplittableRandom(seed), 20),
                    false, false, List.of())), sensor.name());
        }
    }

    /**
     * Sessions of the development range in which the recording starts as the wearer lowers into a long first hold,
     * on an MPU-6050 at its datasheet limits that is first still (and calibrated) at the bottom of that hold. The
     * stance's level is then the bottom of a drop: the set must still be counted on its true side, with no rep on
     * the other, losing at most the first rep (its lowering came before the sensor could be trusted).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {50000097, 50000196})
    void aSetWhoseFirstHoldWasTakenForTheLevelIsCountedOnItsSide(long seed) {
        SimulatedRecording sim = Simulator.simulate(Scenario.random(seed));
        ExerciseSet first = sim.truth().sets().get(0);
        List<Rep> counted = analyse(sim).stream().filter(r -> r.bottomS() <= first.endS()).toList();
        String what = first.side().jsonName() + " set of " + first.repCount() + "; reps " + counted;
        assertTrue(counted.stream().allMatch(r -> r.side() == first.side()), what);
        assertTrue(counted.size() >= first.repCount() - 2 && counted.size() <= first.repCount(), what);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 6, 7})
    void anUncalibratedSensorAtTheEdgeOfItsDatasheetCountsBothSets(long seed) {
        // offsets of 40-50 mg (x, y), 64-80 mg (z), 16-20 °/s, scale 2.4-3 %, cross-axis 1.6-2 %
        assertSetsCounted(Simulator.simulate(twoSets(seed, SensorModel.MPU6050_LIMITS, 100, Misalignment.NONE, false, false,
                List.of())), "mpu6050 at its limits");
    }

    /**
     * Sags of the hanging side of 1.5-2.5° in the pauses: every true rep is still counted, on its side, and a sag is
     * never taken for more than a rep at the threshold. (A 2.5° sag measured half a degree deep passes the 3° minimum:
     * the measurement's own error; docs/pipeline.md says so.)
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {8, 9, 10})
    void sagsOfTheHangingSideBesideRepsAreNotReps(long seed) {
        SimulatedRecording sim = Simulator.simulate(twoSets(seed, SensorModel.LSM6DSOX, 104, Misalignment.NONE, false, true, List.of()));
        List<Rep> reps = analyse(sim);
        for (Rep t : sim.truth().reps()) {
            assertTrue(reps.stream().anyMatch(r -> r.side() == t.side() && Math.abs(r.bottomS() - t.bottomS()) < Math.max(1, t.holdS())),
                    "true rep at " + t.bottomS() + " s counted; reps " + reps);
        }
        List<Rep> extra = reps.stream().filter(r -> sim.truth().reps().stream()
                .noneMatch(t -> t.side() == r.side() && Math.abs(r.bottomS() - t.bottomS()) < Math.max(1, t.holdS()))).toList();
        assertTrue(extra.stream().allMatch(r -> r.peakDropDeg() < 3.3), "a sag counted deeper than 3.3 degrees: " + extra);
        assertTrue(extra.size() <= 1, "sags counted: " + extra);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12})
    void aClipThirtyDegreesOffWhoseFirstRepBendsTheKnee(long seed) {
        Misalignment yawed = new Misalignment(new org.hiphike.core.Vec3(0, 1, 0), seed % 2 == 0 ? 30 : -30);
        SimulatedRecording sim = Simulator.simulate(twoSets(seed, SensorModel.LSM6DSOX, 104, yawed, true, false, List.of()));
        assertSetsCounted(sim, "clip turned 30 degrees about the vertical");
        List<Rep> reps = analyse(sim);
        for (int i = 0; i < reps.size(); i++) {
            Rep truth = sim.truth().reps().get(i);
            if (truth.has(Fault.KNEE_BEND) && reps.get(i).set() != (i == 0 ? 0 : reps.get(i - 1).set())) {
                // A set's first rep that bends the knee leans forward too: before a clean rep has shown the wearer's
                // right it is measured on the nominal axis, 30 degrees off here (docs/pipeline.md, limits).
                assertTrue(reps.get(i).has(Fault.KNEE_BEND), "rep " + (i + 1) + " found to bend the knee");
                continue;
            }
            assertEquals(truth.peakDropDeg(), reps.get(i).peakDropDeg(), 1.0, "rep " + (i + 1) + " peak, measured on the learnt axis");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {13, 14})
    void squatsAndBendingBetweenSetsAreNotReps(long seed) {
        List<Activity> between = List.of(new Activity.Squat(6, 2, 0.25, 16, 1.2), new Activity.Bend(3, 45));
        assertSetsCounted(Simulator.simulate(twoSets(seed, SensorModel.BMI270, 100, Misalignment.NONE, false, false, between)),
                "squats of 16 degrees forward");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {15, 16, 17})
    void aStepDownIsAKneeBendRepOrNotTheExercise(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Side side = SIDES[(int) (seed % 2)];
        List<Activity> plan = List.of(new Activity.Sway(2, 0.2),
                new Activity.Exercise(side, 2.0, 0.3, reps(rng, 4, false, false), 2, 0, false),
                new Activity.StepDown(2.8, side, 0.12, 5, 8, 20), new Activity.Sway(3, 0.2));
        SimulatedRecording sim = Simulator.simulate(new Scenario("step-down", seed, Person.TYPICAL, SensorModel.BMI270, 100,
                Misalignment.NONE, plan, List.of()));
        List<Rep> reps = analyse(sim);
        double stepDownS = sim.truth().events().stream().filter(e -> e.kind().equals("step_down")).findFirst().orElseThrow().startS();
        List<Rep> atStepDown = reps.stream().filter(r -> r.endS() > stepDownS).toList();
        assertTrue(atStepDown.stream().allMatch(r -> r.has(Fault.KNEE_BEND)), "a step-down counted as a rep is a knee bend: " + atStepDown);
        assertEquals(4, reps.size() - atStepDown.size(), "the set's own reps: " + reps);
    }
}

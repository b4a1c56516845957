package org.hiphike.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hiphike.core.AxisRemap;
import org.hiphike.sim.Activity;
import org.hiphike.sim.Misalignment;
import org.hiphike.sim.Person;
import org.hiphike.sim.RepPlan;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.SensorModel;
import org.hiphike.sim.Simulator;
import org.junit.jupiter.api.Test;

/**
 * Motion that tilts the pelvis past 3 degrees and back without being a rep: stepping off or onto the
 * step from standing still, and a slow sway whose turning point is as steady as standing (a step-down
 * may count, as a knee bend: it is the knee-bend mistake at its largest). Each of
 * these was counted as a rep before the pipeline checked the height a rep ends at and the posture
 * held before a set's level.
 */
class NonExerciseMotionTest {
    private static final List<SensorModel> SENSORS = List.of(SensorModel.IDEAL, SensorModel.BMI270, SensorModel.CHEAP);
    private static final double[] RATES = {50, 100, 200};

    private static List<Rep> analyse(Scenario scenario) {
        return Analysis.analyze(Simulator.simulate(scenario).recording(), PipelineSettings.DEFAULTS, AxisRemap.IDENTITY).reps();
    }

    @Test
    void steppingOffOrOntoTheStepAfterStandingStillIsNotARep() {
        int recordings = 0;
        List<String> counted = new ArrayList<>();
        for (boolean on : new boolean[] {false, true}) {
            for (SensorModel sensor : SENSORS) {
                for (double rate : RATES) {
                    for (long seed = 1; seed <= 4; seed++) {
                        SplittableRandom rng = new SplittableRandom(seed);
                        double height = 0.15 + 0.05 * rng.nextDouble(), duration = 0.8 + 0.6 * rng.nextDouble();
                        Activity step = on ? new Activity.StepOn(duration, height, 0.3) : new Activity.StepOff(duration, height, 0.3);
                        List<Activity> plan = List.of(new Activity.Sway(8, 0.2), step, new Activity.Sway(5, 0.2));
                        Scenario scenario = new Scenario("step", seed, Person.TYPICAL, sensor, rate,
                                Misalignment.random(rng, 30), plan, List.of());
                        List<Rep> reps = analyse(scenario);
                        recordings++;
                        if (!reps.isEmpty()) counted.add((on ? "step on" : "step off") + ", " + sensor.name() + ", " + rate + " Hz, seed " + seed + ": "
                                + reps.size() + " rep(s), the first at " + String.format(java.util.Locale.ROOT, "%.2f s, %.1f deg", reps.get(0).bottomS(), reps.get(0).peakDropDeg()));
                    }
                }
            }
        }
        System.out.printf("stepping off or on after standing still: reps counted in %d of %d recordings%n", counted.size(), recordings);
        assertEquals(List.of(), counted);
    }

    @Test
    void aSetRightAfterSteppingOnIsCountedInFull() {
        List<RepPlan> reps = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 6; i++) reps.add(RepPlan.random(rng, new RepPlan.Form(i == 2, i == 4, i == 5)));
        for (SensorModel sensor : SENSORS) {
            List<Activity> plan = List.of(new Activity.Sway(4, 0.2), new Activity.StepOn(1.0, 0.18, 0.3), new Activity.Sway(2, 0.3),
                    new Activity.Exercise(Side.LEFT, 3, 0.5, reps, 2), new Activity.Sway(2, 0.3), new Activity.StepOff(1.0, 0.18, 0.3),
                    new Activity.Sway(3, 0.2));
            Scenario scenario = new Scenario("set after stepping on", 11, Person.TYPICAL, sensor, 100, Misalignment.NONE, plan, List.of());
            assertEquals(6, analyse(scenario).size(), sensor.name());
        }
    }

    @Test
    void slowSwayAfterSteppingOnIsNotARep() {
        // Non-exercise sessions of the accuracy suites where a slow sway's turning point was taken as the level
        // (alone, or followed by stepping off). Their step-downs may count, as a knee bend.
        for (long seed : new long[] {21261129L, 1777007L, 1004243L}) {
            org.hiphike.sim.SimulatedRecording sim = Simulator.simulate(Scenario.nonExercise(seed));
            List<org.hiphike.sim.MotionEvent> stepDowns = sim.truth().events().stream().filter(e -> e.kind().equals("step_down")).toList();
            List<Rep> reps = Analysis.analyze(sim.recording().withTimesRepaired(), PipelineSettings.DEFAULTS, AxisRemap.IDENTITY).reps();
            List<Rep> wrong = reps.stream().filter(r -> !r.has(Fault.KNEE_BEND)
                    || stepDowns.stream().noneMatch(e -> r.endS() > e.startS() && r.startS() < e.endS())).toList();
            assertEquals(List.of(), wrong, "non-exercise session " + seed);
        }
    }
}

package org.hiphike.exercise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hiphike.core.AxisRemap;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.SimulatedRecording;
import org.hiphike.sim.Simulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The knee-bend verdict on sessions from uncalibrated sensors at the edge of their datasheets (an MPU-6050 with 50-80 mg
 * offsets and 3 % scale errors, a cheap part whose offset wanders): clean deep reps read 2-9 cm of sink when the
 * accelerometer's scale followed every still moment (holds at a tilt too), and when the error model of a new stance
 * started from nothing although the sensor had not changed. Each session here had 3 or 4 wrong verdicts then.
 */
class KneeSinkTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {50000067, 50000068, 50000071})
    void cleanDeepRepsOfAnUncalibratedSensorAreNotKneeBends(long seed) {
        SimulatedRecording sim = Simulator.simulate(Scenario.random(seed));
        List<Rep> reps = Analysis.analyze(sim.recording().withTimesRepaired(), PipelineSettings.DEFAULTS, AxisRemap.IDENTITY).reps();
        List<String> wrong = new ArrayList<>();
        for (Rep truth : sim.truth().reps()) {
            Rep measured = reps.stream().min(Comparator.comparingDouble(r -> Math.abs(r.bottomS() - truth.bottomS()))).orElseThrow();
            if (Math.abs(measured.bottomS() - truth.bottomS()) > 1.0) continue; // a missed rep is another test's matter
            if (measured.has(Fault.KNEE_BEND) != truth.has(Fault.KNEE_BEND)) {
                wrong.add(String.format("rep at %.1f s, peak %.1f deg: %.1f cm measured, %.1f cm true", truth.bottomS(),
                        truth.peakDropDeg(), measured.kneeDropCm(), truth.kneeDropCm()));
            }
        }
        // The first reps of the session may be wrong: before a hold at a tilt the accelerometer's error is not known.
        assertTrue(wrong.size() <= 1, wrong.size() + " wrong knee-bend verdicts: " + wrong);
    }
}

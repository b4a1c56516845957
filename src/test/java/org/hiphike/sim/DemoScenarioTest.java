package org.hiphike.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.ExerciseSet;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.SetGrouping;
import org.hiphike.exercise.Side;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's demo is one person doing the prescription: the sets, reps and sides it prescribes, on one
 * continuous body (no jump of the sensor's orientation between sets), and the pipeline counts it as such.
 */
class DemoScenarioTest {
    @Test
    void theDemoDoesThePrescriptionOnBothSidesWithoutJumps() {
        SimulatedRecording sim = Simulator.simulate(Scenario.demo(7, 2, 12, 30, "both"));
        List<ExerciseSet> truth = sim.truth().sets();
        assertEquals(4, truth.size(), "2 sets on each side");
        for (int i = 0; i < truth.size(); i++) {
            assertEquals(12, truth.get(i).repCount(), "set " + (i + 1) + " does the prescribed reps");
            assertEquals(i % 2 == 0 ? Side.LEFT : Side.RIGHT, truth.get(i).side(), "sides alternate");
        }
        // One continuous body: the accelerometer never jumps between consecutive samples as a join of two
        // separately simulated recordings does (a turn of the whole sensor in 10 ms).
        List<ImuSample> s = sim.recording().samples();
        for (int k = 1; k < s.size(); k++) {
            double dx = s.get(k).accG().x() - s.get(k - 1).accG().x(), dy = s.get(k).accG().y() - s.get(k - 1).accG().y(),
                    dz = s.get(k).accG().z() - s.get(k - 1).accG().z();
            assertTrue(s.get(k).timeS() > s.get(k - 1).timeS(), "time runs on at sample " + k);
            assertTrue(Math.sqrt(dx * dx + dy * dy + dz * dz) < 3, "no jump at " + s.get(k).timeS() + " s");
        }
        List<Rep> reps = Analysis.analyze(sim.recording(), PipelineSettings.DEFAULTS, AxisRemap.IDENTITY).reps();
        List<ExerciseSet> counted = SetGrouping.setsOf(reps);
        assertEquals(4, counted.size(), "analyze finds the four sets; reps " + reps);
        assertTrue(reps.size() >= 46 && reps.size() <= 48, "analyze counts the demo's 48 reps within two: " + reps.size());
    }

    @Test
    void oneSidePrescriptionsRestOnTheStep() {
        SimulatedRecording sim = Simulator.simulate(Scenario.demo(8, 3, 10, 40, "right"));
        assertEquals(3, sim.truth().sets().size());
        assertTrue(sim.truth().sets().stream().allMatch(x -> x.side() == Side.RIGHT && x.repCount() == 10));
        assertTrue(sim.truth().events().stream().noneMatch(e -> e.kind().equals("walk")), "no walking round between same-side sets");
    }
}

package org.hiphike.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Side;
import org.hiphike.recording.CsvRecordingWriter;
import org.hiphike.sim.Activity;
import org.hiphike.sim.Misalignment;
import org.hiphike.sim.Person;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.SensorModel;
import org.hiphike.sim.SimulatedRecording;
import org.hiphike.sim.Simulator;

/**
 * A simulated session of two clean sets, {@link #REPS} reps on the left, a rest of {@link #REST_S} s standing
 * on the step, then {@link #REPS} reps on the right (the simulator's physical model, as {@code hiphike simulate}).
 */
final class TwoSets {
    static final int REPS = 5;
    static final double REST_S = 40;
    static final long SEED = 211;

    private TwoSets() {}

    static SimulatedRecording simulate() {
        SplittableRandom rng = new SplittableRandom(SEED);
        List<Activity> plan = List.of(new Activity.Sway(2, 0.3),
                Scenario.exercise(rng, Side.LEFT, REPS, 0, 0, 0),
                new Activity.Sway(REST_S, 0.5),
                Scenario.exercise(rng, Side.RIGHT, REPS, 0, 0, 0),
                new Activity.Sway(3, 0.3));
        return Simulator.simulate(new Scenario("two-sets", SEED, Person.TYPICAL, SensorModel.BMI270, 100, Misalignment.NONE,
                plan, List.of()));
    }

    /** Writes the recording as CSV v1. */
    static Path write(SimulatedRecording sim, Path csv) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
             CsvRecordingWriter out = new CsvRecordingWriter(w, sim.recording().metadata(), false)) {
            for (ImuSample s : sim.recording().samples()) out.write(s);
        }
        return csv;
    }
}

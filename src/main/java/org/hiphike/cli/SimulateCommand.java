package org.hiphike.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Side;
import org.hiphike.recording.CsvRecordingWriter;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.SimulatedRecording;
import org.hiphike.sim.Simulator;
import org.hiphike.sim.Truth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hiphike simulate}: writes a simulated recording (CSV v1) and its truth file beside it. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a recording of the pelvic drop exercise from a physical model of the pelvis and the "
                + "sensor, and write NAME.truth.json (the true sets, reps and events) beside the CSV.",
                "Scenarios: clean-set, knee-bend-set, fast-short-set, session, cheap-dropouts, long-session, "
                        + "non-exercise, sway, random."})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "clean-set", description = "Scenario preset (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sensor", description = "Sensor preset: bmi270, mpu6050, lsm6dsox, cheap, ideal (default: the scenario's: bmi270; cheap for "
            + "cheap-dropouts; drawn for random).")
    String sensor;

    @Option(names = "--rate-hz", description = "Sample rate in hertz, 50-200 typical (default: the scenario's: 100; 50 for cheap-dropouts; "
            + "drawn from 50-200 for random).")
    Double rateHz;

    @Option(names = "--side", description = "Side that drops (the hanging leg): left or right; first set of a session (default: left; right "
            + "for fast-short-set; drawn for random).")
    String side;

    @Option(names = "--reps", description = "Reps per set (default: 10; drawn from 6-14 for random).")
    Integer reps;

    @Option(names = "--mount-deg", description = "Sensor misalignment in degrees about a random axis, 0-30 (default: a random angle up to 5; up "
            + "to 10 for cheap-dropouts, 30 for random).")
    Double mountDeg;

    @Option(names = "--duration-min", description = "Length of the long-session scenario in minutes (default: 24).")
    Double durationMin;

    @Option(names = {"-o", "--output"}, required = true, description = "Output CSV file; NAME.truth.json is written beside it.")
    Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Scenario chosen;
        try {
            Side parsedSide = null;
            if (side != null) {
                String s = side.toLowerCase(Locale.ROOT);
                if (!s.equals("left") && !s.equals("right")) throw new IllegalArgumentException("--side must be left or right, got '" + side + "'");
                parsedSide = Side.fromJson(s);
            }
            if (rateHz != null && !(rateHz >= 1 && rateHz <= 2000)) throw new IllegalArgumentException("--rate-hz must be 1-2000, got " + rateHz);
            if (mountDeg != null && !(mountDeg >= 0 && mountDeg <= 180)) throw new IllegalArgumentException("--mount-deg must be 0-180, got " + mountDeg);
            if (!output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                throw new IllegalArgumentException("-o must name a .csv file, got '" + output + "'");
            }
            chosen = Scenario.preset(scenario, seed,
                    new Scenario.Options(parsedSide, reps, sensor, rateHz, mountDeg, durationMin));
        } catch (IllegalArgumentException e) {
            err.println("hiphike simulate: " + e.getMessage());
            return 2;
        }
        SimulatedRecording sim = Simulator.simulate(chosen);
        Path truthPath = Truth.besideRecording(output);
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            var metadata = new java.util.LinkedHashMap<>(sim.recording().metadata());
            metadata.put("source", "simulated (hiphike simulate " + commandLineText() + ")");
            try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
                 CsvRecordingWriter csv = new CsvRecordingWriter(w, metadata, false)) {
                for (ImuSample s : sim.recording().samples()) csv.write(s);
            }
            sim.truth().write(truthPath);
        } catch (IOException e) {
            err.println("hiphike simulate: cannot write " + output + ": " + e.getMessage());
            return 2;
        }
        out.printf(Locale.ROOT, "%s: %d samples, %.1f s, %s in %s; truth in %s%n", output,
                sim.recording().samples().size(), sim.recording().durationS(), AnalyzeCommand.count(sim.truth().reps().size(), "rep"),
                AnalyzeCommand.count(sim.truth().sets().size(), "set"), truthPath);
        return 0;
    }

    /** The options that define the recording, for the file's source line (reproducible). */
    private String commandLineText() {
        StringBuilder sb = new StringBuilder("--scenario " + scenario + " --seed " + seed);
        if (sensor != null) sb.append(" --sensor ").append(sensor);
        if (rateHz != null) sb.append(" --rate-hz ").append(rateHz == Math.rint(rateHz) ? Long.toString(rateHz.longValue()) : rateHz);
        if (side != null) sb.append(" --side ").append(side);
        if (reps != null) sb.append(" --reps ").append(reps);
        if (mountDeg != null) sb.append(" --mount-deg ").append(mountDeg == Math.rint(mountDeg) ? Long.toString(mountDeg.longValue()) : mountDeg);
        if (durationMin != null) sb.append(" --duration-min ").append(durationMin == Math.rint(durationMin) ? Long.toString(durationMin.longValue()) : durationMin);
        return sb.toString();
    }
}

package org.hiphike.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Report;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.RecordingFormatException;
import org.hiphike.sim.MotionEvent;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.SimulatedRecording;
import org.hiphike.sim.Simulator;
import org.hiphike.sim.Truth;

/**
 * The accuracy suite: randomised simulated sessions (fixed seeds, so every run scores the same
 * recordings) and sessions of non-exercise motion only, analysed exactly as {@code analyze}
 * does, and scored against the simulator's truth.
 */
public final class AccuracyBench {
    /** Seeds of the suite: session k uses seed BASE_SEED + k. */
    public static final long BASE_SEED = 20261120L;
    /**
     * First seed of the held-out suite: generated exactly like the suite, but no change to the pipeline
     * is judged on it while it is being made; it is run for the figures only.
     */
    public static final long HELD_OUT_SEED = 31_000_000L;
    /** The independent recordings with truth, from a simulator that is not hiphike's (see their README). */
    public static final Path FIELD_RECORDINGS = Path.of("samples", "field-recordings");

    private AccuracyBench() {}

    /**
     * Scores random sessions until at least {@code minSets} true sets have been seen, plus
     * {@code nonExerciseSessions} sessions of non-exercise motion only.
     */
    public static AccuracyScore run(int minSets, int nonExerciseSessions, PipelineSettings settings, Consumer<String> progress) {
        return run(BASE_SEED, minSets, nonExerciseSessions, settings, progress);
    }

    /** The same with another first seed (a held-out suite the pipeline was never tuned on). */
    public static AccuracyScore run(long baseSeed, int minSets, int nonExerciseSessions, PipelineSettings settings,
            Consumer<String> progress) {
        return run(baseSeed, minSets, nonExerciseSessions, settings, progress, java.util.function.UnaryOperator.identity());
    }

    /**
     * A phone in a browser as the sensor: the phone model (rounded to 0.1 m/s² and 0.1 °/s, its timestamp jitter) at
     * 60 Hz, where Chromium caps motion events.
     */
    public static Scenario phoneGrade(Scenario s) {
        return new Scenario(s.name(), s.seed(), s.person(), org.hiphike.sim.SensorModel.PHONE, PHONE_EVENT_HZ, s.mount(),
                s.activities(), s.gaps());
    }

    /** Motion events a phone's browser delivers, per second (Chromium caps them near 60). */
    static final double PHONE_EVENT_HZ = 60;

    /** The same with every session changed by {@code sensorAndRate} (another sensor or rate). */
    public static AccuracyScore run(long baseSeed, int minSets, int nonExerciseSessions, PipelineSettings settings,
            Consumer<String> progress, java.util.function.UnaryOperator<Scenario> sensorAndRate) {
        AccuracyScore score = new AccuracyScore();
        long k = 0;
        while (score.sets() < minSets) {
            Scenario scenario = sensorAndRate.apply(Scenario.random(baseSeed + k));
            addOne(score, "random-" + (baseSeed + k), Simulator.simulate(scenario), settings);
            k++;
            if (progress != null && k % 10 == 0) progress.accept(k + " sessions, " + score.sets() + " sets");
        }
        for (int j = 0; j < nonExerciseSessions; j++) {
            Scenario scenario = sensorAndRate.apply(Scenario.nonExercise(baseSeed + 1_000_000 + j));
            addOne(score, "non-exercise-" + (baseSeed + 1_000_000 + j), Simulator.simulate(scenario), settings);
        }
        return score;
    }

    /**
     * Scores every {@code NAME.csv} of a folder that has {@code NAME.truth.json} beside it, analysed
     * exactly as {@code analyze} does. A file that cannot be read counts as found nothing, and why is
     * reported through {@code progress}.
     */
    public static AccuracyScore runFolder(Path folder, PipelineSettings settings, Consumer<String> progress) throws IOException {
        AccuracyScore score = new AccuracyScore();
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        for (Path csv : files) {
            Path truthFile = Truth.besideRecording(csv);
            if (!Files.exists(truthFile)) continue;
            Truth truth = Truth.read(truthFile);
            Report report;
            try {
                report = Analysis.analyze(new CsvRecordingReader().read(csv), settings, AxisRemap.IDENTITY);
            } catch (RecordingFormatException e) {
                if (progress != null) progress.accept(csv + ": refused: " + e.getMessage());
                report = Report.of(new Report.RecordingInfo(csv.toString(), 0, 0, 0, 0, null), settings.thresholds(), List.of());
            }
            add(score, csv.getFileName().toString(), report, truth);
        }
        return score;
    }

    /**
     * The suite of {@link #run(long, int, int, PipelineSettings, Consumer)} scored per sensor model instead: one score
     * for each model the sessions were drawn with, in the order first met.
     */
    public static java.util.Map<String, AccuracyScore> runBySensor(long baseSeed, int minSets, int nonExerciseSessions,
            PipelineSettings settings) {
        java.util.Map<String, AccuracyScore> scores = new java.util.LinkedHashMap<>();
        int sets = 0;
        for (long k = 0; sets < minSets; k++) {
            Scenario scenario = Scenario.random(baseSeed + k);
            AccuracyScore score = scores.computeIfAbsent(scenario.sensor().name(), n -> new AccuracyScore());
            int before = score.sets();
            addOne(score, "random-" + (baseSeed + k), Simulator.simulate(scenario), settings);
            sets += score.sets() - before;
        }
        for (int j = 0; j < nonExerciseSessions; j++) {
            Scenario scenario = Scenario.nonExercise(baseSeed + 1_000_000 + j);
            addOne(scores.computeIfAbsent(scenario.sensor().name(), n -> new AccuracyScore()),
                    "non-exercise-" + (baseSeed + 1_000_000 + j), Simulator.simulate(scenario), settings);
        }
        return scores;
    }

    static void addOne(AccuracyScore score, String name, SimulatedRecording sim, PipelineSettings settings) {
        Report report = Analysis.analyze(sim.recording().withTimesRepaired(), settings, AxisRemap.IDENTITY);
        add(score, name, report, sim.truth());
    }

    /** Adds an analysed recording and its truth to a score. */
    public static void add(AccuracyScore score, String name, Report report, Truth truth) {
        List<AccuracyScore.Interval> nonExercise = truth.events().stream()
                .filter(e -> !e.kind().equals("exercise") && !e.kind().equals("step_down"))
                .map(AccuracyBench::interval)
                .toList();
        List<AccuracyScore.Interval> stepDowns = truth.events().stream()
                .filter(e -> e.kind().equals("step_down"))
                .map(AccuracyBench::interval)
                .toList();
        score.add(name, report.reps(), truth.reps(), truth.sets(), nonExercise, truth.faultsTooCloseToCall(), stepDowns);
    }

    private static AccuracyScore.Interval interval(MotionEvent e) { return new AccuracyScore.Interval(e.startS(), e.endS()); }
}

package org.hiphike.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Report;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.sim.Truth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The accuracy suite as a test: the figures are printed, and the test fails when one falls past
 * its floor. Floors sit just under today's figures (README, "Accuracy"), tighter than the targets
 * where the pipeline does better, so that any regression fails.
 */
class AccuracyTest {

    @Test
    void generatedScenariosScoreAboveTheirFloors() {
        AccuracyScore s = AccuracyBench.run(100, 100, PipelineSettings.DEFAULTS, null);
        System.out.println("Accuracy over generated scenarios:\n" + s.table());
        assertAll(
                () -> assertTrue(s.sets() >= 100, "at least 100 sets"),
                () -> assertTrue(s.countExactFraction() >= 0.97, "sets counted exactly " + s.countExactFraction()),
                () -> assertTrue(s.precision() >= 0.995, "precision " + s.precision()),
                () -> assertTrue(s.recall() >= 0.995, "recall " + s.recall()),
                () -> assertTrue(s.peakErrorMedianDeg() <= 0.23, "peak error median " + s.peakErrorMedianDeg()),
                () -> assertTrue(s.peakErrorP95Deg() <= 0.9, "peak error p95 " + s.peakErrorP95Deg()),
                () -> assertTrue(s.holdErrorMedianS() <= 0.045, "hold error median " + s.holdErrorMedianS()),
                () -> assertTrue(s.kneeErrorP95Cm() <= 1.25, "knee drop error p95 " + s.kneeErrorP95Cm()),
                () -> assertTrue(s.f1(Fault.SHORT_HOLD) >= 0.97, "F1 short_hold " + s.f1(Fault.SHORT_HOLD)),
                () -> assertTrue(s.f1(Fault.TOO_FAST) >= 0.95, "F1 too_fast " + s.f1(Fault.TOO_FAST)),
                () -> assertTrue(s.f1(Fault.KNEE_BEND) >= 0.95, "F1 knee_bend " + s.f1(Fault.KNEE_BEND)),
                () -> assertTrue(s.nonExerciseReps() <= 2, "reps during non-exercise motion; misses: " + s.misses()));
    }

    /**
     * The independent recordings (samples/field-recordings, from a simulator that is not hiphike's): every set counted
     * exactly, no rep missed or made up, and the figures the README shows.
     */
    @Test
    void fieldRecordingsAreCountedExactly() throws Exception {
        AccuracyScore s = AccuracyBench.runFolder(AccuracyBench.FIELD_RECORDINGS, PipelineSettings.DEFAULTS, m -> {
            throw new AssertionError(m);
        });
        System.out.println("Accuracy over the field recordings:\n" + s.table());
        assertAll(
                () -> assertEquals(7, s.recordings(), "seven recordings"),
                () -> assertEquals(1.0, s.countExactFraction(), "sets counted exactly; misses: " + s.misses()),
                () -> assertEquals(1.0, s.precision(), "precision; misses: " + s.misses()),
                () -> assertEquals(1.0, s.recall(), "recall; misses: " + s.misses()),
                () -> assertTrue(s.peakErrorMedianDeg() <= 0.2, "peak error median " + s.peakErrorMedianDeg()),
                () -> assertTrue(s.peakErrorP95Deg() <= 0.7, "peak error p95 " + s.peakErrorP95Deg()),
                () -> assertTrue(s.holdErrorMedianS() <= 0.07, "hold error median " + s.holdErrorMedianS()),
                () -> assertTrue(s.f1(Fault.SHORT_HOLD) >= 0.95, "F1 short_hold " + s.f1(Fault.SHORT_HOLD)),
                () -> assertTrue(s.f1(Fault.TOO_FAST) >= 0.95, "F1 too_fast " + s.f1(Fault.TOO_FAST)),
                // 0.94 today: one shallow (4.3 deg) rep with a 3.8 cm knee bend reads 1.8 cm.
                () -> assertTrue(s.f1(Fault.KNEE_BEND) >= 0.9, "F1 knee_bend " + s.f1(Fault.KNEE_BEND)),
                () -> assertEquals(0, s.nonExerciseReps(), "reps during non-exercise motion"));
    }

    static List<Path> singleSetSamples() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            return files.filter(p -> p.getFileName().toString().matches("(left|right)-set_.*\\.csv|no-reps_.*\\.csv"))
                    .sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleSetSamples")
    void bundledSampleIsCountedExactly(Path csv) throws Exception {
        Truth truth = Truth.read(Truth.besideRecording(csv));
        Report report = Analysis.analyze(new CsvRecordingReader().read(csv));
        AccuracyScore score = new AccuracyScore();
        AccuracyBench.add(score, csv.toString(), report, truth);
        System.out.printf("%s: %d of %d reps, precision %.3f, recall %.3f, peak error median %.3f deg%n", csv,
                report.reps().size(), truth.reps().size(), score.precision(), score.recall(), score.peakErrorMedianDeg());
        // A step-down (in the non-exercise samples) may count as a rep with knee_bend; the score sets it aside.
        assertEquals(1.0, score.recall(), "recall; misses: " + score.misses());
        assertEquals(1.0, score.precision(), "precision; misses: " + score.misses());
        assertEquals(1.0, score.countExactFraction(), "sets counted exactly; misses: " + score.misses());
        assertEquals(0, score.nonExerciseReps(), "reps during non-exercise motion; misses: " + score.misses());
        // The cheap 50 Hz sample reads every peak 0.35-0.98 deg low (its accelerometer's axes differ in scale by a few
        // per cent, which scales the tilt it reads): its median is 0.63 deg today, the others 0.1-0.3.
        assertTrue(score.peakErrorMedianDeg() <= 0.7, "peak error median " + score.peakErrorMedianDeg());
    }
}

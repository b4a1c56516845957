package org.hiphike.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hiphike.bench.LongRecording;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.RecordingSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hiphike analyze} reads a recording as it analyses it, in memory that does not grow with the file: three
 * hours at 100 Hz (over a million samples) analyse in a JVM of 32 MiB, which the same file held whole in memory
 * does not fit in. (Twelve hours in 64 MiB: {@code hiphike bench analyze --hours 12}, see the README.)
 */
class AnalyzeStreamingTest {
    record Run(int code, String out, String err) {}

    /** {@code hiphike ARGS} in a child JVM of {@code heap}. */
    static Run child(Path dir, String heap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt"), err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", args));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void threeHoursAt100HzAnalyseIn32MiB(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        Path segment = dir.resolve("segment.csv");
        LongRecording.simulate(segment, 20);
        Path file = dir.resolve("three-hours.csv");
        RecordingSummary written = LongRecording.repeat(segment, 9, file);
        assertTrue(written.samples() > 1_070_000 && written.durationS() > 3 * 3600 - 60, written.toString());
        System.out.printf("three hours: %d samples, %.0f MB, made in %.1f s%n", written.samples(), Files.size(file) / 1e6,
                (System.nanoTime() - t0) / 1e9);

        long t1 = System.nanoTime();
        Run json = child(dir, "32m", "analyze", "--json", file.toString());
        System.out.printf("analyze --json in 32 MiB: %.1f s%n", (System.nanoTime() - t1) / 1e9);
        assertEquals(0, json.code(), json.err());
        // the same report as the file read whole into memory (in this JVM, which has room for it)
        Report whole = Analysis.analyze(new CsvRecordingReader().read(file), PipelineSettings.DEFAULTS, AxisRemap.IDENTITY);
        assertEquals(ReportJson.toJson(whole), json.out().strip());
        assertEquals(written.samples(), whole.recording().samples());
        assertTrue(whole.reps().size() >= 9 * 50, "reps: " + whole.reps().size());

        Run explain = child(dir, "32m", "analyze", "--explain", file.toString());
        assertEquals(0, explain.code(), explain.err());
        assertTrue(explain.out().contains(String.format(java.util.Locale.ROOT, "%s: %.1f s, %d samples at 100 Hz, 0 dropped",
                file, whole.recording().durationS(), written.samples())), explain.out().lines().limit(5).toList().toString());
        assertTrue(explain.out().lines().filter(l -> l.contains(" s  ")).count() > 100, "the decisions are printed");
        assertTrue(explain.out().contains("Summary: " + whole.reps().size() + " reps in " + whole.sets().size() + " sets"));

        // The control: the same recording held whole in memory does not fit in 32 MiB (so this limit tells a
        // streamed read from a whole one).
        Run held = child(dir, "32m", "bench", "pipeline", "--rounds", "1", file.toString());
        assertNotEquals(0, held.code());
        assertTrue(held.err().contains("OutOfMemoryError"), held.err());
    }
}

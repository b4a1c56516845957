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

    /**
     * What the pipeline decided is printed once the file was read and found good: a file found bad at its last
     * line, or in its units once read, prints its message alone, as when the file was read whole first.
     */
    @Test
    void explainOnABadFilePrintsTheMessageAlone(@TempDir Path dir) throws Exception {
        String good = Files.readString(Path.of("samples/left-set_clean_100hz.csv"), StandardCharsets.UTF_8);
        AnalyzeCommandTest.Result ok = AnalyzeCommandTest.run("analyze", "--explain", "samples/left-set_clean_100hz.csv");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().lines().filter(l -> l.contains(" s  ")).count() > 3, ok.out());

        Path badLine = dir.resolve("bad-last-line.csv");
        Files.writeString(badLine, good + "999.0,0,x,0,0,0,0\n1000,0,1,0,0,0,0\n");
        long lines = good.lines().count();
        AnalyzeCommandTest.Result r = AnalyzeCommandTest.run("analyze", "--explain", badLine.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals("hiphike analyze: " + badLine + " line " + (lines + 1) + ", column acc_y_g: value 'x' is not a finite number",
                r.err().strip());

        // metres per second squared: the whole recording is read (and analysed) before its units are found wrong
        StringBuilder ms2 = new StringBuilder();
        for (String line : good.split("\n")) {
            if (line.startsWith("#") || line.startsWith("time_s")) {
                ms2.append(line).append('\n');
                continue;
            }
            String[] c = line.split(",");
            for (int k = 1; k <= 3; k++) c[k] = String.format(java.util.Locale.ROOT, "%.5f", Double.parseDouble(c[k]) * 9.80665);
            ms2.append(String.join(",", c)).append('\n');
        }
        Path wrongUnit = dir.resolve("ms2.csv");
        Files.writeString(wrongUnit, ms2);
        for (String[] args : new String[][] {{"analyze", "--explain", wrongUnit.toString()},
                {"analyze", "--explain", "--json", wrongUnit.toString()}}) {
            AnalyzeCommandTest.Result u = AnalyzeCommandTest.run(args);
            assertEquals(2, u.code());
            assertEquals("", u.out());
            assertTrue(u.err().startsWith("hiphike analyze: " + wrongUnit + ", column acc_x_g: the accelerometer looks like m/s²"), u.err());
            assertEquals(1, u.err().lines().count(), u.err());
        }
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

package org.hiphike.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hiphike.exercise.Side;
import org.hiphike.recording.CsvRecordingWriter;
import org.hiphike.sim.Truth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesCsvV1AndTruthThatReadBackConsistently() throws Exception {
        Path csv = dir.resolve("right-set_test_100hz.csv");
        Run r = run("simulate", "--scenario", "clean-set", "--seed", "4", "--side", "right", "--reps", "3",
                "--mount-deg", "20", "-o", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(CsvRecordingWriter.MAGIC, lines.get(0));
        List<String> meta = new ArrayList<>();
        int header = 1;
        while (lines.get(header).startsWith("#")) meta.add(lines.get(header++));
        assertTrue(meta.contains("# sensor: bmi270"), meta.toString());
        assertTrue(meta.contains("# rate_hz: 100"), meta.toString());
        assertTrue(meta.contains("# source: simulated (hiphike simulate --scenario clean-set --seed 4 --side right "
                + "--reps 3 --mount-deg 20)"), meta.toString());
        assertTrue(meta.stream().anyMatch(m -> m.startsWith("# note: simulated recording")), meta.toString());
        assertTrue(meta.stream().anyMatch(m -> m.startsWith("# mount: ")), meta.toString());
        assertEquals(CsvRecordingWriter.HEADER, lines.get(header));

        double previous = -1, last = 0;
        for (int i = header + 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            assertEquals(7, cells.length, "line " + (i + 1));
            double t = Double.parseDouble(cells[0]);
            assertTrue(t > previous, "time increases at line " + (i + 1));
            previous = t;
            last = t;
            for (String c : cells) assertTrue(Double.isFinite(Double.parseDouble(c)));
        }
        int rows = lines.size() - header - 1;
        assertTrue(Math.abs(rows - last * 100) < 3, rows + " rows over " + last + " s at 100 Hz");

        Truth truth = Truth.read(dir.resolve("right-set_test_100hz.truth.json"));
        assertEquals("hiphike-truth", truth.format());
        assertEquals(1, truth.version());
        assertEquals(3, truth.reps().size());
        assertEquals(1, truth.sets().size());
        assertEquals(Side.RIGHT, truth.sets().get(0).side());
        assertEquals(rows, ((Number) truth.simulator().get("samples")).intValue());
        assertEquals(4, ((Number) truth.simulator().get("seed")).intValue());
        assertTrue(truth.reps().get(2).endS() < last);
        var plan = (List<?>) truth.simulator().get("plan");
        assertEquals("exercise", ((java.util.Map<?, ?>) plan.get(0)).get("kind"));
        var mounts = (List<?>) truth.simulator().get("mounts");
        assertEquals(20.0, ((Number) ((java.util.Map<?, ?>) mounts.get(0)).get("angle_deg")).doubleValue(), 1e-9);
        assertTrue(r.out().contains("3 reps in 1 set"), r.out());
    }

    @Test
    void truthWritesAndReadsBackTheSameRecords() throws Exception {
        Path csv = dir.resolve("s.csv");
        assertEquals(0, run("simulate", "--scenario", "fast-short-set", "--reps", "4", "-o", csv.toString()).exitCode());
        Path json = dir.resolve("s.truth.json");
        Truth truth = Truth.read(json);
        Path again = dir.resolve("again.truth.json");
        truth.write(again);
        assertEquals(Files.readString(json), Files.readString(again));
        assertFalse(truth.events().isEmpty());
    }

    @Test
    void badInputIsOneLineOnStderrAndExitCodeTwo() {
        for (String[] args : List.of(
                new String[] {"simulate", "--scenario", "nope", "-o", dir.resolve("x.csv").toString()},
                new String[] {"simulate", "--side", "middle", "-o", dir.resolve("x.csv").toString()},
                new String[] {"simulate", "--sensor", "unknown", "-o", dir.resolve("x.csv").toString()},
                new String[] {"simulate", "--rate-hz", "-5", "-o", dir.resolve("x.csv").toString()},
                new String[] {"simulate", "-o", dir.resolve("x.txt").toString()})) {
            Run r = run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("x.csv")));
    }
}

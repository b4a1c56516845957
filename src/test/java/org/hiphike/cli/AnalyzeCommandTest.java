package org.hiphike.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void badFileIsOneClearMessageAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n0,0,1,0,0,0,0\n0.01,0,x,0,0,0,0\n");
        Result r = run("analyze", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 3, column acc_y_g"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingFileIsExitCodeTwo(@TempDir Path dir) {
        Result r = run("analyze", dir.resolve("nope.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void badAxisRemapIsExitCodeTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ok.csv");
        Files.writeString(f, "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n0,0,1,0,0,0,0\n0.01,0,1,0,0,0,0\n");
        Result r = run("analyze", "--axes", "+X+X+Z", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("twice"), r.err());
        r = run("analyze", "--axes", "-X+Y+Z", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mirror"), r.err());
    }
    /**
     * A sensor restarted while the wearer walked between two sets (its clock starts again at 0): refused with the way
     * out named; with --join-restarts the session is analysed whole, every rep as without the restart, a second later.
     */
    @Test
    void aRecordingWhoseClockRestartedIsRefusedOrJoined(@TempDir Path dir) throws Exception {
        Path original = Path.of("samples/session_both-sides_walking-turning_100hz.csv");
        double restartS = 115; // between the first set (ends 97.7 s) and the second (starts 134.9 s)
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(original)) {
            if (line.startsWith("#") || line.startsWith("time_s")) {
                text.append(line).append('\n');
                continue;
            }
            int comma = line.indexOf(',');
            double t = Double.parseDouble(line.substring(0, comma));
            text.append(t >= restartS ? String.format(java.util.Locale.ROOT, "%.5f", t - restartS) + line.substring(comma) : line)
                    .append('\n');
        }
        Path f = dir.resolve("restarted.csv");
        Files.writeString(f, text);
        Result refused = run("analyze", f.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("the sensor's clock restarted (analyze --join-restarts"), refused.err());

        Result joined = run("analyze", "--join-restarts", "--json", f.toString());
        assertEquals(0, joined.code(), joined.err());
        var report = org.hiphike.exercise.ReportJson.mapper().readTree(joined.out());
        assertEquals(1, report.path("recording").path("clock_restarts").asInt());
        assertEquals(0, report.path("recording").path("dropped_samples").asInt());
        var expected = org.hiphike.exercise.Analysis.analyze(new org.hiphike.recording.CsvRecordingReader().read(original)).reps();
        var reps = report.path("reps");
        assertEquals(expected.size(), reps.size(), joined.out());
        for (int i = 0; i < expected.size(); i++) {
            double shift = expected.get(i).startS() > restartS ? 1.0 : 0.0; // the joined stretch lies a second later
            assertEquals(expected.get(i).startS() + shift, reps.get(i).path("start_s").asDouble(), 0.05, "rep " + (i + 1));
            assertEquals(expected.get(i).set(), reps.get(i).path("set").asInt(), "rep " + (i + 1));
        }
        assertTrue(run("analyze", "--join-restarts", f.toString()).out().contains("1 clock restart joined 1 s apart"));
    }

    /** Files that are not recordings say what they are, not "no protocol recognised" or a rate of 100000 Hz. */
    @Test
    void filesThatAreNotRecordingsSayWhatTheyAre(@TempDir Path dir) throws Exception {
        String csv = Files.readString(Path.of("samples/left-set_clean_100hz.csv"));
        Object[][] cases = {
                {new byte[0], "the file is empty (0 bytes)"},
                {"\n   \n\t\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "holds only blank lines"},
                {csv.getBytes(java.nio.charset.StandardCharsets.UTF_16), "is UTF-16 text; recordings are UTF-8"},
                {csv.getBytes(java.nio.charset.StandardCharsets.UTF_16LE), "is UTF-16 text"},
                {("exported by some app\n!!@@\n" + csv).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "whose header is on line 9, with lines before it that are neither comments (#) nor blank "
                                + "(line 1: 'exported by some app')"}};
        for (Object[] c : cases) {
            Path f = dir.resolve("f.csv");
            Files.write(f, (byte[]) c[0]);
            Result r = run("analyze", f.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains((String) c[1]), r.err());
        }
    }

    /** A short recording of hopping (0 g in flight, several g on landing) is read and analysed, not called the wrong unit. */
    @Test
    void aRecordingOfHoppingIsAnalysedNotRefused(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("# hiphike recording v1\n# rate_hz: 100\n"
                + "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n");
        for (int i = 0; i < 600; i++) {
            double phase = (i % 50) / 50.0; // a hop every half second: 0.25 s in the air, then landing and push-off
            double up = phase < 0.5 ? 0.05 : 2.5 + 3 * Math.sin(Math.PI * (phase - 0.5) / 0.5);
            sb.append(String.format(java.util.Locale.ROOT, "%.2f,0.02,%.4f,-0.03,%.2f,1.0,-0.5%n", i * 0.01, up,
                    20 * Math.sin(i * 0.3)));
        }
        Path f = dir.resolve("hops.csv");
        Files.writeString(f, sb.toString());
        Result r = run("analyze", f.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("unit or scale"), r.err());
    }
}


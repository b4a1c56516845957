package org.hiphike.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hiphike.cli.Main;
import org.hiphike.exercise.ReportJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The sessions and report commands, called as the program calls them. */
class SessionCommandsTest {
    record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Exit code 2 and one line on stderr, no stack trace. */
    private static void assertOneLineError(Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    /**
     * An imported session is dated from the recording's own started_at (a copy or a download resets the file's time),
     * and the output says what it was dated from; without one, from the file's modification time, said so too.
     */
    @Test
    void importDatesFromTheRecordingsStartAndSaysSo(@TempDir Path dir) throws Exception {
        String data = dir.resolve("data").toString();
        String csv = Files.readString(Fixtures.LEFT_CLEAN);
        Path dated = dir.resolve("dated.csv");
        Files.writeString(dated, csv.replaceFirst("# sensor:", "# started_at: 2024-03-05T08:30:00Z\n# sensor:"));
        Files.setLastModifiedTime(dated, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-01-01T12:00:00Z")));
        Result r = run("sessions", "import", dated.toString(), "--data-dir", data);
        assertEquals(0, r.code(), r.err());
        String local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(java.time.Instant.parse("2024-03-05T08:30:00Z").atZone(java.time.ZoneId.systemDefault()));
        assertTrue(r.out().contains("Dated " + local + " from the recording's started_at."), r.out());
        Result show = run("sessions", "show", "1", "--data-dir", data);
        assertTrue(show.out().contains("Started:   " + local), show.out());

        Path undated = dir.resolve("undated.csv");
        Files.writeString(undated, csv);
        Files.setLastModifiedTime(undated, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2025-06-07T10:00:00Z")));
        r = run("sessions", "import", undated.toString(), "--data-dir", data);
        assertTrue(r.out().contains(" from the file's modification time (the recording has no started_at)."), r.out());

        Path bad = dir.resolve("bad-date.csv");
        Files.writeString(bad, csv.replaceFirst("# sensor:", "# started_at: yesterday\n# sensor:"));
        r = run("sessions", "import", bad.toString(), "--data-dir", data);
        assertTrue(r.out().contains("(the recording's started_at 'yesterday' is not an ISO-8601 time)"), r.out());
    }

    @Test
    void importListShowNoteReportDelete(@TempDir Path dir) throws Exception {
        String data = dir.resolve("data").toString();
        Result imported = run("sessions", "import", Fixtures.FAST_SHORT.toString(), "--data-dir", data, "--note", "first visit");
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("Stored as session 1"), imported.out());

        Result list = run("sessions", "--data-dir", data);
        assertEquals(0, list.code(), list.err());
        String row = list.out().lines().filter(l -> l.strip().startsWith("1 ")).findFirst().orElseThrow();
        assertTrue(row.matches(".*\\s1\\s+0\\s+10\\s+complete\\s+([a-z_]+ \\d+(, )?)+"), row);

        Result trends = run("sessions", "trends", "--week", "--from", "2000-01-01", "--to", "2100-01-01", "--data-dir", data);
        assertEquals(0, trends.code(), trends.err());
        assertTrue(trends.out().lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d\\s+1\\s+10\\s.*-\\s+10 / .*")), trends.out());

        Result note = run("sessions", "note", "1", "left knee sore", "--data-dir", data);
        assertEquals(0, note.code(), note.err());
        Result show = run("sessions", "show", "1", "--data-dir", data);
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("Notes:     left knee sore"), show.out());
        assertTrue(show.out().contains("Summary: 10 reps in 1 set"), show.out());

        Path json = dir.resolve("s1.json");
        Result report = run("report", "1", "-o", json.toString(), "--data-dir", data);
        assertEquals(0, report.code(), report.err());
        try (SessionStore store = SessionStore.open(Path.of(data))) {
            // The stored report, its source named by the file's name only (a report is forwarded; paths stay here).
            assertEquals(ReportJson.toJson(ReportContext.ofSession(store.get(1), java.time.ZoneOffset.UTC, false).report()) + "\n",
                    Files.readString(json));
            String source = ReportJson.mapper().readTree(Files.readString(json)).at("/recording/source").asText();
            assertFalse(source.contains("/") || source.contains("\\"), source);
        }
        Path html = dir.resolve("s1.html");
        assertEquals(0, run("report", "1", "--format", "html", "-o", html.toString(), "--data-dir", data).code());
        assertTrue(Files.readString(html).contains("left knee sore"));

        // A file analysed on the fly.
        Path csv = dir.resolve("file.csv");
        assertEquals(0, run("report", Fixtures.FAST_SHORT.toString(), "-o", csv.toString()).code());
        assertEquals(11, Files.readAllLines(csv).size());

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)));
            Result kept = run("sessions", "delete", "1", "--data-dir", data);
            assertEquals(1, kept.code());
            assertTrue(kept.out().contains("[y/N]") && kept.out().contains("Kept."), kept.out());
        } finally {
            System.setIn(stdin);
        }
        assertEquals(0, run("sessions", "show", "1", "--data-dir", data).code());
        Result deleted = run("sessions", "delete", "1", "--yes", "--data-dir", data);
        assertEquals(0, deleted.code(), deleted.err());
        assertOneLineError(run("sessions", "show", "1", "--data-dir", data), "no session 1");
    }

    @Test
    void badInputsAreOneClearMessageAndExitCodeTwo(@TempDir Path dir) throws Exception {
        String data = dir.resolve("data").toString();
        assertEquals(0, run("sessions", "import", Fixtures.LEFT_CLEAN.toString(), "--data-dir", data).code());

        assertOneLineError(run("report", "42", "-o", dir.resolve("x.html").toString(), "--data-dir", data), "no session 42");
        assertOneLineError(run("sessions", "delete", "42", "--yes", "--data-dir", data), "no session 42");
        assertOneLineError(run("sessions", "note", "42", "x", "--data-dir", data), "no session 42");
        assertOneLineError(run("sessions", "show", "42", "--data-dir", data), "no session 42");

        // Output that cannot be written: a missing folder, a path through a file, a folder as the output.
        assertOneLineError(run("report", "1", "-o", dir.resolve("missing/x.pdf").toString(), "--data-dir", data), "does not exist");
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        assertOneLineError(run("report", "1", "-o", file.resolve("x.html").toString(), "--data-dir", data), "cannot write");
        assertOneLineError(run("report", "1", "-o", dir.toString(), "--data-dir", data), "is a folder");
        assertOneLineError(run("report", "1", "--format", "docx", "-o", dir.resolve("x.docx").toString(), "--data-dir", data),
                "unknown format");

        // Recordings that cannot be used.
        Path bad = Files.writeString(dir.resolve("bad.csv"),
                "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n0,0,1,0,0,0,0\n0.01,0,x,0,0,0,0\n");
        assertOneLineError(run("report", bad.toString(), "-o", dir.resolve("b.html").toString()), "line 3, column acc_y_g");
        assertOneLineError(run("sessions", "import", bad.toString(), "--data-dir", data), "line 3, column acc_y_g");
        assertOneLineError(run("sessions", "import", dir.resolve("nope.csv").toString(), "--data-dir", data), "no such file");
        assertOneLineError(run("report", dir.resolve("nope.csv").toString(), "-o", dir.resolve("n.html").toString()), "no such file");

        // A data folder that cannot be made.
        assertOneLineError(run("sessions", "--data-dir", file.resolve("sub").toString()), "cannot create the data folder");
        assertFalse(Files.exists(dir.resolve("x.html")));
    }
}

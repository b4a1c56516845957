package org.hiphike.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.hiphike.cli.Main;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Report;
import org.hiphike.protocol.Protocol;
import org.hiphike.protocol.SyntheticStreams;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.session.SessionStatus;
import org.hiphike.session.SessionStore;
import org.hiphike.session.SessionSummary;
import org.hiphike.session.StoredSession;
import org.hiphike.source.PtySensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user runs them, on a pseudo-terminal. */
@Timeout(60)
class LiveCommandsTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The first {@code seconds} of a sample recording, as a CSV v1 file. */
    Path firstSeconds(Path csv, double seconds) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        Path out = dir.resolve("short.csv");
        try (var w = Files.newBufferedWriter(out)) {
            boolean header = false;
            for (String l : lines) {
                if (l.startsWith("#") || !header) {
                    w.write(l);
                    w.newLine();
                    if (!l.startsWith("#")) header = true;
                    continue;
                }
                if (Double.parseDouble(l.substring(0, l.indexOf(','))) > seconds) break;
                w.write(l);
                w.newLine();
            }
        }
        return out;
    }

    @Test
    void liveJsonPrintsTheReportOfTheSession() throws Exception {
        Path recording = firstSeconds(LiveSessionTest.RECORDING, 34.5);
        Report expected = Analysis.analyze(new CsvRecordingReader().read(recording));
        assertEquals(3, expected.reps().size());
        try (PtySensor sensor = new PtySensor(dir)) {
            Process vs = VirtualSensor.start(recording, 10);
            try {
                sensor.bridge(vs);
                Path data = dir.resolve("data");
                Run r = run("live", "--device", sensor.path(), "--json", "--duration", "6", "--http-port", "0", "--no-browser",
                        "--data-dir", data.toString());
                assertEquals(0, r.exit(), r.err());
                System.out.println("live view (stderr with --json):\n" + r.err());
                JsonNode json = new ObjectMapper().readTree(r.out());
                assertEquals("hiphike-report", json.get("format").asText());
                assertEquals(3, json.get("summary").get("rep_count").asInt(), r.out());
                assertEquals("device", json.get("recording").get("time_source").asText());
                assertTrue(r.err().contains("rep 3 (set 1, left)"), "each rep shown live: " + r.err());
                assertTrue(r.err().contains("[streaming]"), r.err());
                assertTrue(r.err().contains("hiphike dashboard: http://127.0.0.1:"), "the dashboard is served: " + r.err());
                // The session was saved without being asked, with the reps of the report.
                try (SessionStore store = SessionStore.open(data)) {
                    List<SessionSummary> sessions = store.list();
                    assertEquals(1, sessions.size());
                    assertEquals(SessionStatus.COMPLETE, sessions.get(0).status());
                    assertEquals("live", sessions.get(0).origin());
                    assertEquals(3, sessions.get(0).repCount());
                    StoredSession stored = store.get(sessions.get(0).id());
                    assertEquals(json.get("reps"), new ObjectMapper().readTree(org.hiphike.exercise.ReportJson.toJson(stored.report().reps())));
                    assertTrue(r.err().contains("session " + stored.id() + " saved"), r.err());
                    assertEquals(json.get("recording").get("samples").asInt(),
                            new CsvRecordingReader().read(stored.recordingFile()).samples().size());
                }
            } finally {
                vs.destroy();
            }
        }
    }

    @Test
    void portsProbeReportsProtocolAndRate() throws Exception {
        try (PtySensor sensor = new PtySensor(dir)) {
            byte[] stream = SyntheticStreams.stream(Protocol.WITMOTION_SERIAL, 1000, 100, 2);
            sensor.playPaced(stream, stream.length / 10.0, 44);
            Run r = run("ports", "--probe", "--seconds", "1.5", sensor.path());
            assertEquals(0, r.exit(), r.err());
            String line = r.out().lines().filter(l -> l.startsWith(sensor.path())).findFirst().orElse("");
            assertTrue(line.contains("witmotion-serial"), r.out());
            assertTrue(line.matches(".*about (9\\d|10\\d) Hz by arrival.*"), line);
        }
    }

    @Test
    void aMissingDeviceIsOneMessageAndExitCode2() {
        Run r = run("live", "--device", dir.resolve("ttyUSB7").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no such device") && !r.err().contains("Exception"), r.err());
    }

    @Test
    void aForbiddenDeviceMentionsTheDialoutGroup() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may open anything");
        Path port = dir.resolve("ttyS9");
        Files.createFile(port, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("---------")));
        Run r = run("record", "--device", port.toString(), "-o", dir.resolve("x.csv").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("permission denied") && r.err().contains("dialout"), r.err());
    }
}

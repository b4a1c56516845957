package org.hiphike.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a recording process, then a restart: the session is recovered up to its last second. */
class CrashRecoveryTest {
    private static final double RATE_HZ = 100;
    /** Samples handed over before the kill: about 3.5 s of recording. */
    private static final int SENT_BEFORE_KILL = 350;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void killedRecordingIsRecoveredUpToItsLastSecond(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RecordingProcess.class.getName(), dir.toString(), Fixtures.LEFT_CLEAN.toString())
                .redirectError(ProcessBuilder.Redirect.to(dir.resolve("child-stderr.txt").toFile()))
                .start();
        long id = -1;
        int lastSent = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("started ")) id = Long.parseLong(line.substring(8).trim());
                if (line.startsWith("sent ")) lastSent = Integer.parseInt(line.substring(5).trim());
                if (lastSent >= SENT_BEFORE_KILL) break;
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks, no flush
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ends when killed");
        } finally {
            child.destroyForcibly();
        }
        assertTrue(id > 0, "child started a session; stderr: " + Files.readString(dir.resolve("child-stderr.txt")));
        assertEquals(SENT_BEFORE_KILL, lastSent, "child ran long enough");

        Recording source = Fixtures.read(Fixtures.LEFT_CLEAN);
        try (SessionStore store = SessionStore.open(dir)) {
            assertEquals(List.of(id), store.recoveredAtOpen());
            StoredSession s = store.get(id);
            assertEquals(SessionStatus.RECOVERED, s.summary().status());
            assertFalse(Files.exists(RecordingLock.lockFileOf(s.recordingFile())), "lock file cleared");

            // The file was cut back to its last complete line and now reads strictly.
            String text = Files.readString(s.recordingFile());
            assertTrue(text.endsWith("\n"));
            Recording recovered = new CsvRecordingReader().read(s.recordingFile());
            int n = recovered.samples().size();
            int missing = lastSent - n;
            System.out.printf("crash recovery: %d samples sent (at least), %d recovered, %d missing (%.2f s)%n",
                    lastSent, n, Math.max(0, missing), Math.max(0, missing) / RATE_HZ);
            assertTrue(missing <= 1.2 * RATE_HZ, "at most about a second lost: sent " + lastSent + ", recovered " + n);
            assertTrue(n > 0);

            // What was recovered is exactly the start of what was sent (to the file's decimals).
            for (int i = 0; i < n; i++) {
                ImuSample a = source.samples().get(i), b = recovered.samples().get(i);
                assertEquals(a.timeS(), b.timeS(), 1e-5, "time of sample " + i);
                assertEquals(a.accG().x(), b.accG().x(), 1e-6);
                assertEquals(a.accG().y(), b.accG().y(), 1e-6);
                assertEquals(a.accG().z(), b.accG().z(), 1e-6);
                assertEquals(a.gyroDps().x(), b.gyroDps().x(), 1e-4);
                assertEquals(a.gyroDps().z(), b.gyroDps().z(), 1e-4);
            }

            // Its report is the analysis of that prefix.
            Report expected = Analysis.analyze(new Recording("x", source.metadata(), source.samples().subList(0, n)));
            assertEquals(ReportJson.toJson(expected.reps()), ReportJson.toJson(s.report().reps()));
            assertEquals(n, s.report().recording().samples());
        }
        // A second start has nothing left to recover.
        try (SessionStore store = SessionStore.open(dir)) {
            assertEquals(List.of(), store.recoveredAtOpen());
        }
    }
}

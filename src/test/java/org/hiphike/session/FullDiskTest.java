package org.hiphike.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hiphike.recording.CsvRecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up while a session is recorded, on a real small file system: what was saved is kept, and a
 * session cut off by a crash after that is recovered saying the disk was full, not "stopped unexpectedly".
 */
class FullDiskTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aCrashAfterTheDiskFilledIsRecoveredSayingSo(@TempDir Path dir) throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 512, "FullDiskTest")) {
            Path data = disk.path().resolve("data");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    RecordingProcess.class.getName(), data.toString(), Fixtures.LEFT_CLEAN.toString())
                    .redirectError(ProcessBuilder.Redirect.to(dir.resolve("child-stderr.txt").toFile()))
                    .start();
            long id = -1;
            int sentAtFull = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("started ")) id = Long.parseLong(line.substring(8).trim());
                    if (!line.startsWith("sent ")) continue;
                    int sent = Integer.parseInt(line.substring(5).trim());
                    if (sentAtFull < 0 && sent >= 200) {
                        disk.fill(); // two seconds in, the disk is full
                        sentAtFull = sent;
                    }
                    if (sentAtFull >= 0 && sent >= sentAtFull + 250) break; // a flush has failed by now
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ends when killed");
            } finally {
                child.destroyForcibly();
            }
            assertTrue(id > 0 && sentAtFull > 0, "child recorded; stderr: " + Files.readString(dir.resolve("child-stderr.txt")));
            disk.free();

            try (SessionStore store = SessionStore.open(data)) {
                assertEquals(List.of(id), store.recoveredAtOpen());
                StoredSession s = store.get(id);
                assertEquals(SessionStatus.RECOVERED, s.summary().status());
                assertTrue(s.failure().startsWith("saving stopped: recording to "), s.failure());
                assertTrue(s.failure().contains("No space left on device"), s.failure());
                assertTrue(s.failure().endsWith("recovered from what was saved"), s.failure());
                int kept = new CsvRecordingReader().read(s.recordingFile()).samples().size();
                System.out.printf("full disk: %d samples sent when the disk filled, %d kept%n", sentAtFull, kept);
                assertTrue(kept > 0 && kept <= sentAtFull + 150, "what was written before the disk filled is kept: " + kept);
                assertEquals(kept, s.report().recording().samples());
            }
        }
    }
}

package org.hiphike.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hiphike.core.ImuSample;
import org.hiphike.protocol.DecoderOptions;
import org.hiphike.protocol.Decoders;
import org.hiphike.protocol.Protocol;
import org.hiphike.protocol.SyntheticStreams;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.session.SessionStatus;
import org.hiphike.session.SessionStore;
import org.hiphike.session.StoredSession;
import org.hiphike.source.PtySensor;
import org.hiphike.source.SerialOpenException;
import org.hiphike.source.SerialSource;
import org.hiphike.source.SerialSourceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hiphike record} in its own JVM, killed with SIGKILL mid-session: the CSV keeps all but the last second. */
@Timeout(60)
class RecordCommandTest {
    static final double RATE_HZ = 200;

    @TempDir
    Path dir;

    @Test
    void killDashNineLosesAtMostTheLastSecond() throws Exception {
        byte[] stream = SyntheticStreams.stream(Protocol.HIPHIKE, 3000, RATE_HZ, 11);
        List<byte[]> frames = PtySensor.hiphikeFrames(stream); // HELLO, then one IMU frame per sample
        List<ImuSample> sent = new ArrayList<>();
        Decoders.create(Protocol.HIPHIKE, DecoderOptions.DEFAULT).decode(stream, sent::add);
        Path csv = dir.resolve("session.csv");
        Path log = dir.resolve("record.log");
        try (PtySensor sensor = new PtySensor(dir)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.hiphike.cli.Main",
                    "record", "--device", sensor.path(), "--format", "hiphike", "-o", csv.toString(), "--raw",
                    dir.resolve("session.bin").toString(), "--data-dir", dir.resolve("data").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                // the child has the port once it sends its start-up bytes (0x00, GET_INFO, START)
                byte[] buf = new byte[64];
                long deadline = System.nanoTime() + 20_000_000_000L;
                int got = 0;
                while (got == 0 && System.nanoTime() < deadline && child.isAlive()) got = Math.max(0, sensor.pty().read(buf, 100));
                assertTrue(got > 0, "the recorder opened the port: " + Files.readString(log));

                // another program cannot take the port meanwhile
                SerialOpenException busy = org.junit.jupiter.api.Assertions.assertThrows(SerialOpenException.class,
                        () -> SerialSource.open(SerialSourceConfig.of(sensor.path())).close());
                System.out.println("second opener while recording: " + busy.getMessage());

                sensor.playFrames(frames, RATE_HZ);
                // wait until the file holds 3 s of samples (the recorder flushes every second)
                assertTrue(awaitLines(csv, (int) (3 * RATE_HZ), 15_000), "recording grows: " + Files.readString(log));
                // kill 0.9 s of samples later: late in a flush interval, where the most is at stake
                long grownAt = sensor.framesWritten();
                assertTrue(sensor.awaitFrames(grownAt + (long) (0.9 * RATE_HZ), 5000));
                long framesBeforeKill = sensor.framesWritten();
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
                assertEquals(137, child.exitValue(), "killed by SIGKILL");
                long samplesBeforeKill = framesBeforeKill - 1; // the first frame is HELLO

                Recording r = new CsvRecordingReader(new CsvRecordingReader.Options(true, true)).read(csv);
                long lost = samplesBeforeKill - r.samples().size();
                System.out.printf("kill -9: %d samples sent, %d in the file, %d lost (%.2f s at %.0f Hz)%n",
                        samplesBeforeKill, r.samples().size(), lost, lost / RATE_HZ, RATE_HZ);
                // at most a second of samples, plus the few still in flight through the pty when the kill came
                assertTrue(lost <= RATE_HZ * 1.0 + 10, "lost " + lost + " samples");
                for (int i = 0; i < r.samples().size(); i++) {
                    assertEquals(sent.get(i).timeS(), r.samples().get(i).timeS(), 1e-4, "sample " + i);
                    assertEquals(sent.get(i).accG().y(), r.samples().get(i).accG().y(), 1e-4, "sample " + i);
                }
                assertEquals("hiphike", r.metadata().get("protocol"));
                assertTrue(Files.size(dir.resolve("session.bin")) > 0, "raw bytes kept too");

                // The session saved in the store is recovered when the store is next opened, up to its last second.
                try (SessionStore store = SessionStore.open(dir.resolve("data"))) {
                    assertEquals(1, store.recoveredAtOpen().size(), "recovered at the next start");
                    StoredSession s = store.get(store.recoveredAtOpen().get(0));
                    assertEquals(SessionStatus.RECOVERED, s.summary().status());
                    assertEquals("live", s.summary().origin());
                    Recording saved = new CsvRecordingReader().read(s.recordingFile());
                    long lostInStore = samplesBeforeKill - saved.samples().size();
                    System.out.printf("kill -9: %d samples in the store's recording, %d lost%n", saved.samples().size(), lostInStore);
                    assertTrue(lostInStore <= RATE_HZ * 1.0 + 10, "lost from the store " + lostInStore + " samples");
                    assertEquals(saved.samples().size(), s.report().recording().samples(), "the report covers the recovered samples");
                    assertEquals("hiphike", saved.metadata().get("protocol"));
                }
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /** Ctrl-C (SIGINT) and SIGTERM run the shutdown hook: the session stops cleanly and the report is printed. */
    @Test
    void aStoppedLiveSessionStillPrintsItsReport() throws Exception {
        byte[] stream = SyntheticStreams.stream(Protocol.HIPHIKE, 4000, RATE_HZ, 12);
        Path outFile = dir.resolve("live.json");
        Path log = dir.resolve("live.log");
        try (PtySensor sensor = new PtySensor(dir)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.hiphike.cli.Main",
                    "live", "--device", sensor.path(), "--json", "--http-port", "0", "--no-browser",
                    "--data-dir", dir.resolve("data").toString())
                    .redirectOutput(outFile.toFile()).redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                byte[] buf = new byte[64];
                long deadline = System.nanoTime() + 20_000_000_000L;
                int got = 0;
                while (got == 0 && System.nanoTime() < deadline && child.isAlive()) got = Math.max(0, sensor.pty().read(buf, 100));
                assertTrue(got > 0, "live opened the port: " + Files.readString(log));
                sensor.playFrames(PtySensor.hiphikeFrames(stream), RATE_HZ);
                assertTrue(sensor.awaitFrames((long) RATE_HZ, 5000), "a second of samples sent");
                new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
                assertTrue(child.waitFor(15, TimeUnit.SECONDS), "stopped on SIGINT");
                var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(outFile.toFile());
                assertEquals("hiphike-report", json.get("format").asText(), Files.readString(outFile));
                assertTrue(json.get("recording").get("samples").asInt() >= RATE_HZ * 0.8, Files.readString(outFile));
                // and the session was completed in the store by the shutdown hook
                try (SessionStore store = SessionStore.open(dir.resolve("data"))) {
                    assertEquals(1, store.list().size());
                    assertEquals(SessionStatus.COMPLETE, store.list().get(0).status(), Files.readString(log));
                    assertEquals(json.get("recording").get("samples").asInt(),
                            store.get(store.list().get(0).id()).report().recording().samples());
                }
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static boolean awaitLines(Path csv, int lines, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (Files.exists(csv)) {
                long n;
                try (var s = Files.lines(csv)) {
                    n = s.filter(l -> !l.startsWith("#")).count() - 1;
                }
                if (n >= lines) return true;
            }
            // polling a file another process writes: no event to wait on, so check every 50 ms
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return false;
    }
}

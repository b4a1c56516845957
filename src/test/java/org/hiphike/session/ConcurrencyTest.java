package org.hiphike.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.PelvicDropPipeline;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.ReportJson;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two recorders with their own connections (as two processes would have) save sessions into one store at once. */
class ConcurrencyTest {
    private static final int SESSIONS_EACH = 4;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoSessionsSavedAtOnceDoNotCorruptTheStore(@TempDir Path dir) throws Exception {
        Recording rec = Fixtures.read(Fixtures.LEFT_CLEAN);
        List<ImuSample> samples = rec.samples().subList(0, 3000);
        // Each writer opens its own store (its own SQLite connection), both at the same moment.
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<Long> ids = new ArrayList<>();
                    try (SessionStore store = SessionStore.open(dir)) {
                        for (int i = 0; i < SESSIONS_EACH; i++) {
                            SessionRecorder recorder = SessionRecorder.start(store,
                                    Fixtures.info("writer " + writer + " session " + i, Instant.now()));
                            PelvicDropPipeline pipeline = new PelvicDropPipeline(PipelineSettings.DEFAULTS, recorder);
                            for (ImuSample s : samples) {
                                recorder.sample(s);
                                pipeline.update(s);
                            }
                            pipeline.finish();
                            ids.add(recorder.finish().id());
                            store.setNotes(ids.get(ids.size() - 1), "writer " + writer);
                        }
                    }
                    return ids;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : results) all.addAll(f.get(60, TimeUnit.SECONDS));
            assertEquals(2 * SESSIONS_EACH, all.stream().distinct().count(), "every session got its own id");
        } finally {
            pool.shutdownNow();
        }

        try (SessionStore store = SessionStore.open(dir)) {
            List<SessionSummary> list = store.list();
            assertEquals(2 * SESSIONS_EACH, list.size());
            String expectedReps = null;
            for (SessionSummary s : list) {
                StoredSession full = store.get(s.id());
                assertEquals(SessionStatus.COMPLETE, s.status());
                assertEquals(samples.size(), full.report().recording().samples());
                assertEquals(samples.size(), new CsvRecordingReader().read(full.recordingFile()).samples().size());
                assertEquals(s.source().substring(0, 8), s.notes());
                String reps = ReportJson.toJson(full.report().reps());
                if (expectedReps == null) expectedReps = reps;
                assertEquals(expectedReps, reps, "same samples, same reps");
            }
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SessionStore.DATABASE_FILE));
             Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoProcessesSavingAtOnceDoNotCorruptTheStore(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    RecordingProcess.class.getName(), dir.toString(), Fixtures.LEFT_CLEAN.toString(), "burst",
                    Integer.toString(SESSIONS_EACH))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child-" + i + ".txt").toFile())
                    .start());
        }
        for (int i = 0; i < 2; i++) {
            Process p = children.get(i);
            assertTrue(p.waitFor(80, TimeUnit.SECONDS), "child " + i + " ends");
            String log = Files.readString(dir.resolve("child-" + i + ".txt"));
            assertEquals(0, p.exitValue(), log);
            assertTrue(log.contains("done"), log);
        }
        try (SessionStore store = SessionStore.open(dir)) {
            List<SessionSummary> list = store.list();
            assertEquals(2 * SESSIONS_EACH, list.size());
            assertEquals(2, list.stream().map(SessionSummary::source).distinct().count(), "both processes saved");
            for (SessionSummary s : list) {
                assertEquals(SessionStatus.COMPLETE, s.status());
                assertEquals("saved by " + s.source(), s.notes());
                assertEquals(2000, store.get(s.id()).report().recording().samples());
            }
            assertEquals(List.of(), store.recoveredAtOpen());
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SessionStore.DATABASE_FILE));
             Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
        }
    }
}

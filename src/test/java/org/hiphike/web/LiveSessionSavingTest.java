package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.session.SessionStatus;
import org.hiphike.session.SessionStore;
import org.hiphike.session.SessionSummary;
import org.hiphike.session.StoredSession;
import org.hiphike.source.Pace;
import org.hiphike.source.PacedSource;
import org.hiphike.source.RecordingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every source the live session plays is saved in the store without being asked. */
@Timeout(60)
class LiveSessionSavingTest {
    static final Path SAMPLE = Path.of("samples/left-set_knee-bend_100hz.csv");

    @TempDir
    Path dir;

    private LiveSession session(SessionStore store) {
        return new LiveSession(PrescriptionStore.inMemory(Prescription.DEFAULTS), AxisRemap.IDENTITY, PipelineSettings.DEFAULTS,
                null, store);
    }

    private static PacedSource replay(Recording r, String name, double speed) {
        return new PacedSource(new RecordingSource(r, name), new Pace(speed));
    }

    /**
     * Too shallow is judged only against a prescribed depth: the built-in prescription's 8° judges nothing, a given
     * one judges as analyze does with that depth.
     */
    @Test
    void tooShallowOnlyAgainstAPrescribedDepth() throws Exception {
        Recording recording = new CsvRecordingReader().read(SAMPLE);
        for (boolean prescribed : new boolean[] {false, true}) {
            Report expected = Analysis.analyze(recording, PipelineSettings.DEFAULTS.withThresholds(
                    prescribed ? Prescription.DEFAULTS.measuredWith() : Prescription.DEFAULTS.thresholds()), AxisRemap.IDENTITY);
            try (LiveSession live = new LiveSession(PrescriptionStore.inMemory(Prescription.DEFAULTS, prescribed), AxisRemap.IDENTITY,
                    PipelineSettings.DEFAULTS, null, null)) {
                live.start(replay(recording, "knee.csv", 0), "sample", "knee");
                assertTrue(live.awaitEnd(Duration.ofSeconds(30)), "the replay ends");
                assertEquals(ReportJson.toJson(expected.reps()), ReportJson.toJson(live.report().reps()));
                long shallow = live.report().reps().stream().filter(r -> r.has(org.hiphike.exercise.Fault.TOO_SHALLOW)).count();
                assertEquals(prescribed, shallow > 0, "too_shallow reps: " + shallow);
            }
        }
    }

    @Test
    void aReplayIsSavedWithItsSamplesAndTheReportOfTheLiveCount() throws Exception {
        Recording recording = new CsvRecordingReader().read(SAMPLE);
        Report expected = Analysis.analyze(recording, PipelineSettings.DEFAULTS.withThresholds(Prescription.DEFAULTS.thresholds()), AxisRemap.IDENTITY);
        try (SessionStore store = SessionStore.open(dir.resolve("data")); LiveSession live = session(store)) {
            live.start(replay(recording, "knee.csv", 0), "sample", "knee");
            assertTrue(live.awaitEnd(Duration.ofSeconds(30)), "the replay ends");

            List<SessionSummary> list = store.list();
            assertEquals(1, list.size());
            SessionSummary s = list.get(0);
            assertEquals(SessionStatus.COMPLETE, s.status());
            assertEquals("replay", s.origin());
            assertEquals(live.savedSessionId(), s.id());
            assertEquals(recording.metadata().get("sensor"), s.sensor());
            assertEquals(expected.reps().size(), s.repCount());

            StoredSession stored = store.get(s.id());
            assertEquals(ReportJson.toJson(live.report().reps()), ReportJson.toJson(stored.report().reps()));
            assertEquals(ReportJson.toJson(expected.reps()), ReportJson.toJson(stored.report().reps()), "the same reps as analyze");
            // The samples are on disk, exactly: analysing the saved file gives the same reps again.
            Recording saved = new CsvRecordingReader().read(stored.recordingFile());
            assertEquals(recording.samples().size(), saved.samples().size());
            assertEquals(Long.toString(s.id()), saved.metadata().get("session"));
            // With the thresholds stored with it (the prescription's target depth among them).
            assertEquals(Prescription.DEFAULTS.thresholds(), stored.info().thresholds());
            assertEquals(Prescription.DEFAULTS.targets(), stored.info().targets(), "the prescription's targets are kept");
            assertEquals(ReportJson.toJson(expected.reps()), ReportJson.toJson(Analysis.analyze(saved,
                    PipelineSettings.DEFAULTS.withThresholds(stored.info().thresholds()), AxisRemap.IDENTITY).reps()));
            assertNull(live.savingFailure());
        }
    }

    @Test
    void startingAnotherSourceCompletesTheSessionBeforeIt() throws Exception {
        Recording recording = new CsvRecordingReader().read(SAMPLE);
        try (SessionStore store = SessionStore.open(dir.resolve("data")); LiveSession live = session(store)) {
            live.start(replay(recording, "first.csv", 4), "sample", "first");
            awaitSamples(live, 200);
            long first = live.savedSessionId();
            assertTrue(first > 0, "saved from its first samples");
            assertEquals(SessionStatus.RECORDING, store.get(first).summary().status());

            live.saveSimulated(true); // --save-demo
            live.start(org.hiphike.source.SimulatedSensorSource.cleanSets(7, 3), "simulated", null);
            assertEquals(SessionStatus.COMPLETE, store.get(first).summary().status(), "the first session is complete");
            awaitSamples(live, 100);
            long second = live.savedSessionId();
            assertTrue(second > first);
            assertEquals("simulated", store.get(second).summary().origin());
            live.stop();
            assertEquals(SessionStatus.COMPLETE, store.get(second).summary().status());
            assertEquals(2, store.list().size());
        }
    }

    @Test
    void theSimulatedSensorIsNotSavedUnlessAsked() throws Exception {
        try (SessionStore store = SessionStore.open(dir.resolve("data")); LiveSession live = session(store)) {
            live.start(org.hiphike.source.SimulatedSensorSource.cleanSets(7, 3), "simulated", null);
            awaitSamples(live, 300);
            live.stop();
            assertEquals(0, store.list().size(), "the demo is no one's exercise");
            assertEquals("off", live.saving().status());
        }
    }

    @Test
    void whenTheStoreCannotTakeTheSessionTheSessionGoesOnAndSaysSo() throws Exception {
        Recording recording = new CsvRecordingReader().read(SAMPLE);
        Report expected = Analysis.analyze(recording);
        try (SessionStore store = SessionStore.open(dir.resolve("data")); LiveSession live = session(store)) {
            // the recordings folder is gone and a file is in its place: no recording can be created
            Path folder = dir.resolve("data").resolve(SessionStore.RECORDINGS_FOLDER);
            Files.delete(folder);
            Files.writeString(folder, "not a folder");
            live.start(replay(recording, "knee.csv", 0), "sample", "knee");
            assertTrue(live.awaitEnd(Duration.ofSeconds(30)));
            assertNotNull(live.savingFailure());
            assertTrue(live.savingFailure().contains("not saved"), live.savingFailure());
            assertEquals(expected.reps().size(), live.reps().size(), "the reps are counted all the same");
        }
    }

    @Test
    void aDiskThatFillsUpIsToldEverywhereAndWhatWasSavedIsKept() throws Exception {
        Recording recording = new CsvRecordingReader().read(SAMPLE);
        Report expected = Analysis.analyze(recording);
        try (org.hiphike.session.SmallDisk disk = org.hiphike.session.SmallDisk.mount(dir.resolve("disk"), 512,
                "LiveSessionSavingTest (full disk)");
             SessionStore store = SessionStore.open(disk.path().resolve("data")); LiveSession live = session(store)) {
            List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
            live.addListener(new LiveSession.Listener() {
                @Override
                public void recordingFailed(String message) { told.add(message); }
            });
            live.start(replay(recording, "knee.csv", 8), "sample", "knee");
            awaitSamples(live, 1600); // two seconds: a flush has put samples on disk
            assertEquals("recording", live.saving().status());
            long id = live.saving().id();
            disk.fill();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!live.saving().status().equals("failed") && System.nanoTime() < deadline) Thread.sleep(50);
            // The state the page and the API read says it, and the terminal's listener was told.
            assertEquals("failed", live.saving().status(), "saving is reported as stopped");
            assertTrue(live.saving().failure().contains("No space left on device"), live.saving().failure());
            assertTrue(DashboardServer.state(new DashboardServer.Dependencies(live, null, null, null, 0, java.util.Map.of(), store))
                    .get("saving").toString().contains("failed"));
            assertEquals(1, told.size(), "told once: " + told);
            assertTrue(told.get(0).startsWith("saving stopped: recording to "), told.get(0));
            disk.free();
            assertTrue(live.awaitEnd(Duration.ofSeconds(60)), "the replay goes on to its end");
            assertEquals(expected.reps().size(), live.reps().size(), "every rep counted all the same");

            StoredSession s = store.get(id);
            assertEquals(SessionStatus.COMPLETE, s.summary().status());
            assertTrue(s.failure().contains("No space left on device"), s.failure());
            int kept = new CsvRecordingReader().read(s.recordingFile()).samples().size();
            assertTrue(kept > 0 && kept < recording.samples().size(), "the samples before the disk filled are kept: " + kept);
            assertEquals("complete", live.saving().status());
        }
    }

    private static void awaitSamples(LiveSession live, int n) throws InterruptedException {
        java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(n);
        LiveSession.Listener l = new LiveSession.Listener() {
            @Override
            public void sample(org.hiphike.core.ImuSample raw, org.hiphike.exercise.PipelineState state) { reached.countDown(); }
        };
        live.addListener(l);
        try {
            assertTrue(reached.await(20, java.util.concurrent.TimeUnit.SECONDS), n + " samples");
        } finally {
            live.removeListener(l);
        }
    }
}

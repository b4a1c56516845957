package org.hiphike.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PelvicDropPipeline;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.Side;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {

    @Test
    void liveSessionThroughTheRecorderIsStoredWithThePipelinesReport(@TempDir Path dir) throws Exception {
        Recording rec = Fixtures.read(Fixtures.LEFT_CLEAN);
        Report expected = Analysis.analyze(rec);
        try (SessionStore store = SessionStore.open(dir)) {
            assertEquals(0, store.foundSchemaVersion());
            SessionRecorder recorder = SessionRecorder.start(store, Fixtures.info("replay of left-set", Instant.parse("2026-11-02T09:00:00Z")));
            PelvicDropPipeline pipeline = new PelvicDropPipeline(PipelineSettings.DEFAULTS, recorder);
            var feed = recorder.then(s -> pipeline.update(s));
            for (ImuSample s : rec.samples()) feed.sample(s);
            pipeline.finish();
            StoredSession stored = recorder.finish(Report.of(expected.recording(), expected.thresholds(), pipeline.reps()));

            assertEquals(SessionStatus.COMPLETE, stored.summary().status());
            // Stored as report JSON: the numbers as the JSON has them (4 decimals).
            assertEquals(ReportJson.toJson(expected.reps()), ReportJson.toJson(stored.report().reps()));
            assertEquals(ReportJson.toJson(expected.summary()), ReportJson.toJson(stored.report().summary()));
            assertEquals(expected.reps().size(), stored.summary().repsLeft());
            assertEquals(0, stored.summary().repsRight());
            assertEquals(rec.durationS(), stored.summary().durationS(), 0.01);
            // The recording file holds every sample, readable by the strict reader.
            Recording back = new CsvRecordingReader().read(stored.recordingFile());
            assertEquals(rec.samples().size(), back.samples().size());
            assertEquals("bmi270", back.metadata().get("sensor"));
            assertFalse(Files.exists(RecordingLock.lockFileOf(stored.recordingFile())), "lock file removed");
            // The reps the recorder received equal the pipeline's.
            assertEquals(pipeline.reps(), recorder.recording().reps());
        }
    }

    @Test
    void finishWithoutAReportBuildsOneFromTheRepsAndSampleCounts(@TempDir Path dir) throws Exception {
        Recording rec = Fixtures.read(Fixtures.FAST_SHORT);
        Report expected = Analysis.analyze(rec);
        try (SessionStore store = SessionStore.open(dir)) {
            SessionRecorder recorder = SessionRecorder.start(store, Fixtures.info("x", Instant.now()));
            PelvicDropPipeline pipeline = new PelvicDropPipeline(PipelineSettings.DEFAULTS, recorder);
            for (ImuSample s : rec.samples()) {
                recorder.sample(s);
                pipeline.update(s);
            }
            pipeline.finish();
            StoredSession s = recorder.finish();
            assertEquals(ReportJson.toJson(expected.summary()), ReportJson.toJson(s.report().summary()));
            assertEquals(expected.recording().samples(), s.report().recording().samples());
            assertEquals(expected.recording().durationS(), s.report().recording().durationS(), 1e-3);
            assertEquals(expected.recording().droppedSamples(), s.report().recording().droppedSamples());
        }
    }

    @Test
    void importListGetNotesDelete(@TempDir Path dir) throws Exception {
        try (SessionStore store = SessionStore.open(dir)) {
            StoredSession a = store.importRecording(Fixtures.BOTH_SIDES, Fixtures.info("a", Instant.parse("2026-11-03T10:00:00Z")),
                    PipelineSettings.DEFAULTS);
            StoredSession b = store.importRecording(Fixtures.LEFT_CLEAN, Fixtures.info("b", Instant.parse("2026-11-01T10:00:00Z")),
                    PipelineSettings.DEFAULTS);
            Report expected = Analysis.analyze(Fixtures.read(Fixtures.BOTH_SIDES));
            assertEquals(ReportJson.toJson(expected), ReportJson.toJson(store.get(a.id()).report()));
            assertEquals("import", a.summary().origin());
            assertTrue(Files.exists(a.recordingFile()) && a.recordingFile().startsWith(dir.toAbsolutePath()));

            List<SessionSummary> list = store.list();
            assertEquals(List.of(b.id(), a.id()), list.stream().map(SessionSummary::id).toList(), "oldest first");
            SessionSummary sa = list.get(1);
            assertEquals(expected.summary().setCount(), sa.setCount());
            assertEquals(expected.reps().stream().filter(r -> r.side() == Side.LEFT).count(), sa.repsLeft());
            assertEquals(expected.reps().stream().filter(r -> r.side() == Side.RIGHT).count(), sa.repsRight());
            assertEquals(expected.summary().faultCounts(), sa.faultCounts());

            store.setNotes(a.id(), "felt tired, left knee sore");
            assertEquals("felt tired, left knee sore", store.get(a.id()).summary().notes());

            store.delete(a.id());
            assertThrows(NoSuchSessionException.class, () -> store.get(a.id()));
            assertFalse(Files.exists(a.recordingFile()));
            assertThrows(NoSuchSessionException.class, () -> store.setNotes(a.id(), "x"));
            assertThrows(NoSuchSessionException.class, () -> store.delete(a.id()));
            assertEquals(1, store.list().size());
        }
    }

    @Test
    void trendsAggregatePerDayAndWeekAndSide(@TempDir Path dir) throws Exception {
        try (SessionStore store = SessionStore.open(dir)) {
            // Monday 2 Nov and Wednesday 4 Nov 2026 are in the same ISO week; Monday 9 Nov starts the next.
            store.importRecording(Fixtures.LEFT_CLEAN, Fixtures.info("l", Instant.parse("2026-11-02T08:00:00Z")), PipelineSettings.DEFAULTS);
            store.importRecording(Fixtures.FAST_SHORT, Fixtures.info("r", Instant.parse("2026-11-04T08:00:00Z")), PipelineSettings.DEFAULTS);
            store.importRecording(Fixtures.LEFT_CLEAN, Fixtures.info("l2", Instant.parse("2026-11-09T08:00:00Z")), PipelineSettings.DEFAULTS);
            Report left = Analysis.analyze(Fixtures.read(Fixtures.LEFT_CLEAN));
            Report right = Analysis.analyze(Fixtures.read(Fixtures.FAST_SHORT));

            List<TrendBucket> days = store.trends(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), TrendPeriod.DAY, ZoneOffset.UTC);
            assertEquals(List.of(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 9)),
                    days.stream().map(TrendBucket::periodStart).toList());
            TrendBucket.SideTrend d1 = days.get(0).all();
            assertEquals(left.summary().repCount(), d1.repCount());
            assertEquals(left.summary().meanPeakDropDeg(), d1.meanPeakDropDeg(), 0.01);
            assertEquals(left.summary().meanHoldS(), d1.meanHoldS(), 0.01);

            List<TrendBucket> weeks = store.trends(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), TrendPeriod.WEEK, ZoneOffset.UTC);
            assertEquals(2, weeks.size());
            TrendBucket w1 = weeks.get(0);
            assertEquals(LocalDate.of(2026, 11, 2), w1.periodStart());
            assertEquals(2, w1.sessionCount());
            assertEquals(left.reps().size() + right.reps().size(), w1.all().repCount());
            assertEquals(left.reps().size(), w1.bySide().get(Side.LEFT).repCount());
            assertEquals(right.reps().size(), w1.bySide().get(Side.RIGHT).repCount());
            long faulty = right.reps().stream().filter(r -> !r.faults().isEmpty()).count();
            assertEquals((double) faulty / right.reps().size(), w1.bySide().get(Side.RIGHT).faultRate(), 1e-9);
            assertEquals(right.summary().faultCounts().get("too_fast"), w1.bySide().get(Side.RIGHT).faultCounts().get("too_fast"));

            // The range is inclusive of its last day and excludes days outside it.
            assertEquals(1, store.trends(LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 4), TrendPeriod.DAY, ZoneOffset.UTC).size());
        }
    }

    @Test
    void trendsCountOnlyTheOriginsAskedFor(@TempDir Path dir) throws Exception {
        Recording right = Fixtures.read(Fixtures.FAST_SHORT);
        Report rightReport = Analysis.analyze(right);
        try (SessionStore store = SessionStore.open(dir)) {
            store.importRecording(Fixtures.LEFT_CLEAN, Fixtures.info("l", Instant.parse("2026-11-02T08:00:00Z")), PipelineSettings.DEFAULTS);
            // The same day: a replay of a right-side set and the simulated sensor, both through the live path.
            for (String origin : List.of("replay", "simulated")) {
                SessionRecording rec = store.start(Fixtures.info(origin, Instant.parse("2026-11-02T09:00:00Z")), origin);
                for (ImuSample s : right.samples()) rec.sample(s);
                rec.finish(rightReport);
            }
            Report left = Analysis.analyze(Fixtures.read(Fixtures.LEFT_CLEAN));
            LocalDate day = LocalDate.of(2026, 11, 2);

            List<TrendBucket> real = store.trends(day, day, TrendPeriod.DAY, ZoneOffset.UTC, List.of("live", "import"));
            assertEquals(1, real.size());
            assertEquals(1, real.get(0).sessionCount());
            assertEquals(left.reps().size(), real.get(0).all().repCount());
            assertEquals(null, real.get(0).bySide().get(Side.RIGHT), "no right reps: the replays are left out");

            List<TrendBucket> all = store.trends(day, day, TrendPeriod.DAY, ZoneOffset.UTC);
            assertEquals(3, all.get(0).sessionCount());
            assertEquals(left.reps().size() + 2 * rightReport.reps().size(), all.get(0).all().repCount());
            assertEquals(2 * rightReport.reps().size(), all.get(0).bySide().get(Side.RIGHT).repCount());
            List<TrendBucket> replays = store.trends(day, day, TrendPeriod.WEEK, ZoneOffset.UTC, List.of("replay"));
            assertEquals(1, replays.get(0).sessionCount());
            assertEquals(rightReport.reps().size(), replays.get(0).all().repCount());

            // Nothing of an origin: no bucket. Unknown origins and an empty choice are refused.
            assertEquals(List.of(), store.trends(day, day, TrendPeriod.DAY, ZoneOffset.UTC, List.of("live")));
            assertThrows(IllegalArgumentException.class, () -> store.trends(day, day, TrendPeriod.DAY, ZoneOffset.UTC, List.of("x")));
            assertThrows(IllegalArgumentException.class, () -> store.trends(day, day, TrendPeriod.DAY, ZoneOffset.UTC, List.of()));
        }
    }

    @Test
    void aSessionRecordedNowIsNotRecoveredByAnotherStore(@TempDir Path dir) throws Exception {
        Recording rec = Fixtures.read(Fixtures.LEFT_CLEAN);
        try (SessionStore a = SessionStore.open(dir)) {
            SessionRecording live = a.start(Fixtures.info("live", Instant.now()));
            for (ImuSample s : rec.samples().subList(0, 500)) live.sample(s);
            live.flush();
            try (SessionStore b = SessionStore.open(dir)) {
                assertEquals(List.of(), b.recoveredAtOpen());
                assertEquals(SessionStatus.RECORDING, b.get(live.id()).summary().status());
                assertNotNull(b.get(live.id()).recordingFile());
                var e = assertThrows(SessionStoreException.class, () -> b.delete(live.id()));
                assertTrue(e.getMessage().contains("being recorded"), e.getMessage());
            }
            assertEquals(SessionStatus.COMPLETE, live.finish().summary().status());
        }
    }

    @Test
    void aFullDiskStopsTheFileButNotTheSession(@TempDir Path dir) throws Exception {
        Recording rec = Fixtures.read(Fixtures.LEFT_CLEAN);
        try (SessionStore store = SessionStore.open(dir)) {
            SessionRecording live = store.start(Fixtures.info("live", Instant.now()));
            for (ImuSample s : rec.samples().subList(0, 100)) live.sample(s);
            live.flush();
            // Take the file away under the recorder: the next flush fails like a full disk would.
            Files.delete(live.file());
            Files.createDirectory(live.file());
            for (ImuSample s : rec.samples().subList(100, 200)) live.sample(s);
            live.flush();
            StoredSession s = live.finish();
            assertEquals(SessionStatus.COMPLETE, s.summary().status());
            assertEquals(200, s.report().recording().samples());
            // Whether the deleted file fails the writer depends on the OS; if it did, the failure is stored.
            if (live.failure() != null) assertEquals(live.failure(), s.failure());
        }
    }

    @Test
    void recordedSamplesAreRemappedOnlyOnAnalysis(@TempDir Path dir) throws Exception {
        // The file keeps raw samples; the session's axes are applied when it is analysed again.
        Recording rec = Fixtures.read(Fixtures.LEFT_CLEAN);
        AxisRemap remap = AxisRemap.parse("+X+Y+Z");
        assertTrue(remap.isIdentity());
        try (SessionStore store = SessionStore.open(dir)) {
            SessionRecording live = store.start(Fixtures.info("live", Instant.now()));
            live.sample(rec.samples().get(0));
            StoredSession s = live.finish();
            Recording back = new CsvRecordingReader().read(s.recordingFile());
            assertEquals(rec.samples().get(0).accG().y(), back.samples().get(0).accG().y(), 1e-6);
            assertEquals("+X+Y+Z", back.metadata().get("mount"));
        }
    }

    @Test
    void magnetometerReadingsAreKept(@TempDir Path dir) throws Exception {
        try (SessionStore store = SessionStore.open(dir)) {
            SessionRecording live = store.start(Fixtures.info("with magnetometer", Instant.now()));
            for (int i = 0; i < 3; i++) {
                live.sample(new ImuSample(i * 0.01, new org.hiphike.core.Vec3(0, 1, 0), new org.hiphike.core.Vec3(0.5, 0, 0),
                        new org.hiphike.core.Vec3(20.5, -3.25, 41)));
            }
            StoredSession s = live.finish();
            Recording back = new CsvRecordingReader(new CsvRecordingReader.Options(false, false)).read(s.recordingFile());
            assertEquals(3, back.samples().size());
            assertEquals(-3.25, back.samples().get(2).magUt().y(), 1e-3);
        }
    }

    @Test
    void aSessionWithoutSamplesIsStoredAndReportedWithoutAChart(@TempDir Path dir) throws Exception {
        try (SessionStore store = SessionStore.open(dir)) {
            StoredSession s = store.start(Fixtures.info("nothing came", Instant.now())).finish();
            assertEquals(0, s.report().recording().samples());
            assertFalse(Files.exists(s.recordingFile()));
            String html = HtmlReport.render(ReportContext.ofSession(store.get(s.id()), ZoneOffset.UTC));
            assertTrue(html.contains("No repetitions were found") && html.contains("there is no chart"));
        }
    }

    /**
     * A session stored with thresholds out of range (an older version stored an overflowing threshold as null) is
     * still listed, read, reported on and deleted; it says what was wrong.
     */
    @Test
    void aSessionStoredWithBadThresholdsStaysReadableAndDeletable(@TempDir Path dir) throws Exception {
        long id;
        try (SessionStore store = SessionStore.open(dir)) {
            id = store.importRecording(Fixtures.LEFT_CLEAN, Fixtures.info("import", Instant.now()), PipelineSettings.DEFAULTS).id();
        }
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SessionStore.DATABASE_FILE))) {
            String report;
            try (var ps = db.prepareStatement("SELECT report_json FROM sessions WHERE id = ?")) {
                ps.setLong(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    report = rs.getString(1);
                }
            }
            String badReport = report.replaceAll("\"min_peak_deg\": [0-9.]+", "\"min_peak_deg\": null");
            assertFalse(badReport.equals(report));
            try (var ps = db.prepareStatement("UPDATE sessions SET thresholds_json = ?, report_json = ? WHERE id = ?")) {
                ps.setString(1, "{\"level_deg\":1.5,\"min_peak_deg\":null,\"hold_band_deg\":1.0,\"knee_drop_cm\":2.0,"
                        + "\"short_hold_s\":1.0,\"too_fast_lower_s\":0.6}");
                ps.setString(2, badReport);
                ps.setLong(3, id);
                assertEquals(1, ps.executeUpdate());
            }
        }
        try (SessionStore store = SessionStore.open(dir)) {
            assertEquals(1, store.list().size());
            StoredSession s = store.get(id);
            assertEquals(org.hiphike.exercise.Thresholds.DEFAULTS, s.info().thresholds());
            assertTrue(s.failure().contains("its stored thresholds are unreadable"), s.failure());
            assertTrue(s.failure().contains("its stored report is unreadable"), s.failure());
            String html = HtmlReport.render(ReportContext.ofSession(s, ZoneOffset.UTC));
            assertTrue(html.contains("<html"), "a report is still made");
            store.delete(id);
            assertEquals(0, store.list().size());
            assertFalse(Files.exists(s.recordingFile()));
        }
    }

    private static void twoImports(Path dir) throws Exception {
        try (SessionStore store = SessionStore.open(dir)) {
            store.importRecording(Fixtures.LEFT_CLEAN, Fixtures.info("left", Instant.parse("2026-11-02T09:00:00Z")), PipelineSettings.DEFAULTS);
            store.importRecording(Fixtures.FAST_SHORT, Fixtures.info("right", Instant.parse("2026-11-03T09:00:00Z")), PipelineSettings.DEFAULTS);
        }
    }

    private static void assertRebuilt(SessionStore store, String why) throws Exception {
        assertEquals(1, store.problemsAtOpen().size(), store.problemsAtOpen().toString());
        assertTrue(store.problemsAtOpen().get(0).contains(why), store.problemsAtOpen().toString());
        assertTrue(store.problemsAtOpen().get(0).contains("rebuilt from 2 recordings"), store.problemsAtOpen().toString());
        List<SessionSummary> list = store.list();
        assertEquals(2, list.size());
        assertEquals(Instant.parse("2026-11-02T09:00:00Z"), list.get(0).startedAt(), "the start comes from the recording's head");
        Report expected = Analysis.analyze(new CsvRecordingReader().read(Fixtures.LEFT_CLEAN));
        assertEquals(expected.reps().size(), store.get(list.get(0).id()).report().reps().size());
    }

    /** Random bytes inside the database: it is kept aside, never written into, and the history rebuilt from the recordings. */
    @Test
    void aDamagedDatabaseIsSetAsideAndTheHistoryRebuilt(@TempDir Path dir) throws Exception {
        twoImports(dir);
        Path db = dir.resolve(SessionStore.DATABASE_FILE);
        byte[] bytes = Files.readAllBytes(db);
        assertTrue(bytes.length > 12_000, "database of " + bytes.length + " bytes");
        byte[] noise = new byte[4096];
        new java.util.Random(3).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, 4096, noise.length);
        Files.write(db, bytes);
        try (SessionStore store = SessionStore.open(dir)) {
            assertRebuilt(store, "the session database was damaged");
        }
        try (var files = Files.list(dir)) {
            List<Path> aside = files.filter(f -> f.getFileName().toString().startsWith("hiphike.db.damaged-")).toList();
            assertEquals(1, aside.size());
            assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(aside.get(0))), "the damaged file is kept as it was");
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement();
             var rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
        }
        try (SessionStore again = SessionStore.open(dir)) {
            assertTrue(again.problemsAtOpen().isEmpty(), "rebuilt once: " + again.problemsAtOpen());
            assertEquals(2, again.list().size());
        }
    }

    /** A deleted or emptied database beside a recordings folder that holds sessions: the history is rebuilt. */
    @Test
    void aMissingOrEmptyDatabaseIsRebuiltFromTheRecordings(@TempDir Path dir) throws Exception {
        twoImports(dir);
        Path db = dir.resolve(SessionStore.DATABASE_FILE);
        Files.delete(db);
        try (SessionStore store = SessionStore.open(dir)) {
            assertRebuilt(store, "the session database was missing or empty");
        }
        Files.write(db, new byte[0]);
        for (String suffix : List.of("-wal", "-shm")) Files.deleteIfExists(dir.resolve(SessionStore.DATABASE_FILE + suffix));
        try (SessionStore store = SessionStore.open(dir)) {
            assertRebuilt(store, "the session database was missing or empty");
        }
    }
}

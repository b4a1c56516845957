package org.hiphike.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationTest {

    /** A version 1 store made by hand, as hiphike 0.1 wrote it: one row per session, the report as JSON. */
    private static void writeV1Store(Path dir, Report report) throws Exception {
        Files.createDirectories(dir.resolve("recordings"));
        Files.copy(Fixtures.FAST_SHORT, dir.resolve("recordings/old.csv"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SessionStore.DATABASE_FILE));
             Statement st = db.createStatement()) {
            st.execute("""
                    CREATE TABLE sessions (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      started_at TEXT NOT NULL,
                      ended_at TEXT,
                      status TEXT NOT NULL,
                      sensor TEXT NOT NULL,
                      rate_hz REAL NOT NULL,
                      thresholds_json TEXT NOT NULL,
                      recording_file TEXT NOT NULL,
                      report_json TEXT
                    )""");
            st.execute("PRAGMA user_version = 1");
            try (PreparedStatement ps = db.prepareStatement("""
                    INSERT INTO sessions (started_at, ended_at, status, sensor, rate_hz, thresholds_json, recording_file, report_json)
                    VALUES (?, ?, 'complete', 'bmi270', 100, ?, 'recordings/old.csv', ?)""")) {
                ps.setString(1, "2026-10-05T07:30:00Z");
                ps.setString(2, "2026-10-05T07:32:00Z");
                ps.setString(3, ReportJson.toJson(Thresholds.DEFAULTS));
                ps.setString(4, ReportJson.toJson(report));
                ps.executeUpdate();
                ps.setString(1, "2026-10-06T07:30:00.250Z");
                ps.setString(2, null);
                ps.setString(3, ReportJson.toJson(Thresholds.DEFAULTS));
                ps.setString(4, ReportJson.toJson(report));
                ps.executeUpdate();
            }
        }
    }

    @Test
    void aVersionOneStoreIsMigratedWithNothingLost(@TempDir Path dir) throws Exception {
        Report report = Analysis.analyze(Fixtures.read(Fixtures.FAST_SHORT));
        writeV1Store(dir, report);
        try (SessionStore store = SessionStore.open(dir)) {
            assertEquals(1, store.foundSchemaVersion());
            List<SessionSummary> list = store.list();
            assertEquals(2, list.size());
            SessionSummary first = list.get(0);
            assertEquals(Instant.parse("2026-10-05T07:30:00Z"), first.startedAt());
            assertEquals(Instant.parse("2026-10-06T07:30:00.250Z"), list.get(1).startedAt());
            assertEquals("", first.notes());
            assertEquals("live", first.origin());
            // Summary columns filled from the old report JSON.
            assertEquals(report.summary().repCount(), first.repCount());
            assertEquals(report.summary().setCount(), first.setCount());
            assertEquals(report.summary().faultCounts(), first.faultCounts());
            assertEquals(report.summary().meanPeakDropDeg(), first.meanPeakDropDeg(), 1e-9);
            StoredSession s = store.get(first.id());
            assertEquals(ReportJson.toJson(report), ReportJson.toJson(s.report()));
            assertEquals(dir.toAbsolutePath().resolve("recordings/old.csv"), s.recordingFile());
            // The reps table is filled, so trends see the old sessions.
            var trends = store.trends(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31), TrendPeriod.WEEK, ZoneOffset.UTC);
            assertEquals(1, trends.size());
            assertEquals(2 * report.reps().size(), trends.get(0).all().repCount());
            // New features work on the migrated store.
            store.setNotes(first.id(), "from the old version");
            assertEquals("from the old version", store.get(first.id()).summary().notes());
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SessionStore.DATABASE_FILE));
             Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            assertTrue(rs.next());
            assertEquals(Schema.CURRENT, rs.getInt(1));
        }
        // Opening again finds the current version and changes nothing.
        try (SessionStore store = SessionStore.open(dir)) {
            assertEquals(Schema.CURRENT, store.foundSchemaVersion());
            assertEquals(2, store.list().size());
        }
    }

    @Test
    void aVersionTwoStoreGainsThePrescriptionTargetsAndKeepsItsSessions(@TempDir Path dir) throws Exception {
        // A v2 store as v2 left it: today's store without the targets and settings columns, its version set back.
        long id;
        try (SessionStore store = SessionStore.open(dir)) {
            id = store.importRecording(Fixtures.FAST_SHORT, Fixtures.info("old", Instant.parse("2026-10-05T07:30:00Z")),
                    org.hiphike.exercise.PipelineSettings.DEFAULTS).id();
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SessionStore.DATABASE_FILE));
             Statement st = db.createStatement()) {
            st.execute("ALTER TABLE sessions DROP COLUMN targets_json");
            st.execute("ALTER TABLE sessions DROP COLUMN settings_json"); // version 4's
            st.execute("PRAGMA user_version = 2");
        }
        Targets targets = new Targets(12, 3, 2.0, 8.0);
        try (SessionStore store = SessionStore.open(dir)) {
            assertEquals(2, store.foundSchemaVersion());
            StoredSession old = store.get(id);
            assertEquals(null, old.info().targets(), "a session from before has no targets");
            assertEquals(10, old.report().reps().size());
            SessionInfo info = new SessionInfo(Instant.parse("2026-10-06T07:30:00Z"), "new", "bmi270", 100, "+X+Y+Z",
                    Thresholds.DEFAULTS.withTargetDepthDeg(8.0), "", targets);
            StoredSession fresh = store.importRecording(Fixtures.FAST_SHORT, info,
                    org.hiphike.exercise.PipelineSettings.DEFAULTS.withThresholds(info.thresholds()));
            assertEquals(targets, store.get(fresh.id()).info().targets());
            assertEquals(8.0, store.get(fresh.id()).info().thresholds().targetDepthDeg());
        }
    }

    @Test
    void aStoreFromANewerVersionIsRefusedNotDamaged(@TempDir Path dir) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SessionStore.DATABASE_FILE));
             Statement st = db.createStatement()) {
            st.execute("CREATE TABLE future (x)");
            st.execute("PRAGMA user_version = 99");
        }
        var e = assertThrows(SessionStoreException.class, () -> SessionStore.open(dir));
        assertTrue(e.getMessage().contains("newer hiphike"), e.getMessage());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SessionStore.DATABASE_FILE));
             Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            assertEquals(99, rs.getInt(1));
        }
    }
}

package org.hiphike.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;

/**
 * The store's schema and its migrations. The version is SQLite's {@code user_version}; each
 * migration takes the database from one version to the next inside the caller's transaction, so
 * a store written by an older hiphike is upgraded in place and nothing in it is lost.
 *
 * <p>Version 1 kept one row per session with the report as JSON. Version 2 adds the origin, source,
 * mounting, notes, a failure message, a millisecond start time for range queries, the summary
 * columns the history list shows, and a table of reps for trends (filled from the stored reports). Version 3 adds
 * the prescription's targets (sets, reps per set, hold, depth) as JSON, null for a session stored before or without
 * them. Version 4 adds the pipeline's settings the session was measured with (hip width, axis handling, every stage's
 * settings) as JSON, null for a session stored before: it is then measured again with the defaults.
 */
final class Schema {
    static final int CURRENT = 4;

    /** Version 1, as it was created; kept so that tests can build an old store. */
    static final String[] V1 = {
        """
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
        )""",
    };

    private static final String[] V1_TO_V2 = {
        "ALTER TABLE sessions ADD COLUMN started_ms INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN origin TEXT NOT NULL DEFAULT 'live'",
        "ALTER TABLE sessions ADD COLUMN source TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sessions ADD COLUMN axes TEXT NOT NULL DEFAULT '+X+Y+Z'",
        "ALTER TABLE sessions ADD COLUMN notes TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sessions ADD COLUMN failure TEXT",
        "ALTER TABLE sessions ADD COLUMN duration_s REAL NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN set_count INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN reps_left INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN reps_right INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN mean_peak_drop_deg REAL NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN mean_hold_s REAL NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN fault_counts_json TEXT NOT NULL DEFAULT '{}'",
        """
        CREATE TABLE reps (
          session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          idx INTEGER NOT NULL,
          set_idx INTEGER NOT NULL,
          side TEXT NOT NULL,
          start_s REAL NOT NULL,
          bottom_s REAL NOT NULL,
          end_s REAL NOT NULL,
          peak_drop_deg REAL NOT NULL,
          hold_s REAL NOT NULL,
          lower_s REAL NOT NULL,
          raise_s REAL NOT NULL,
          knee_drop_cm REAL NOT NULL,
          faults TEXT NOT NULL,
          PRIMARY KEY (session_id, idx)
        )""",
        "CREATE INDEX sessions_started ON sessions(started_ms)",
    };

    private static final String[] V2_TO_V3 = {
        "ALTER TABLE sessions ADD COLUMN targets_json TEXT",
    };

    private static final String[] V3_TO_V4 = {
        "ALTER TABLE sessions ADD COLUMN settings_json TEXT",
    };

    private Schema() {}

    static int version(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Brings the database to {@link #CURRENT} inside the open transaction.
     *
     * @return the version found
     */
    static int migrate(Connection db) throws SQLException {
        int found = version(db);
        if (found > CURRENT) {
            throw new SessionStoreException("the session store was written by a newer hiphike (schema version " + found
                    + ", this one knows up to " + CURRENT + "); update hiphike to open it");
        }
        int v = found;
        if (v == 0) {
            execute(db, V1);
            v = 1;
        }
        if (v == 1) {
            execute(db, V1_TO_V2);
            fillV2FromV1(db);
            v = 2;
        }
        if (v == 2) {
            execute(db, V2_TO_V3);
            v = 3;
        }
        if (v == 3) {
            execute(db, V3_TO_V4);
            v = 4;
        }
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA user_version = " + v);
        }
        return found;
    }

    private static void execute(Connection db, String[] statements) throws SQLException {
        try (Statement st = db.createStatement()) {
            for (String sql : statements) st.execute(sql);
        }
    }

    /** Version 2's new columns and the reps table, from what version 1 kept. */
    private static void fillV2FromV1(Connection db) throws SQLException {
        record Old(long id, String startedAt, String reportJson) {}
        List<Old> rows = new ArrayList<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, started_at, report_json FROM sessions")) {
            while (rs.next()) rows.add(new Old(rs.getLong(1), rs.getString(2), rs.getString(3)));
        }
        try (PreparedStatement ms = db.prepareStatement("UPDATE sessions SET started_ms = ? WHERE id = ?")) {
            for (Old row : rows) {
                long startedMs;
                try {
                    startedMs = Instant.parse(row.startedAt()).toEpochMilli();
                } catch (RuntimeException e) {
                    startedMs = 0; // unreadable start: keep the session, sorted first
                }
                ms.setLong(1, startedMs);
                ms.setLong(2, row.id());
                ms.executeUpdate();
            }
        }
        for (Old row : rows) {
            if (row.reportJson() == null) continue;
            Report report;
            try {
                report = ReportJson.parse(row.reportJson());
            } catch (RuntimeException e) {
                continue; // a report that does not parse keeps its JSON; it just has no reps for trends
            }
            SessionStore.writeReportRows(db, row.id(), report);
        }
    }
}

package org.hiphike.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.Side;
import org.hiphike.exercise.Thresholds;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.recording.RecordingFormatException;
import org.sqlite.SQLiteConfig;

/**
 * The session history: an embedded SQLite database ({@value #DATABASE_FILE}) in a data folder, with
 * each session's samples as a CSV v1 file under {@value #RECORDINGS_FOLDER}/ beside it.
 *
 * <p>Several stores (threads or processes) may use one folder at once: the database runs in WAL mode
 * with a busy timeout, and every change is one immediate transaction. A session being recorded holds
 * an OS lock on {@code <recording>.lock}; when the store is opened, sessions still marked
 * {@link SessionStatus#RECORDING} whose lock nobody holds (the recording process died) are recovered:
 * their CSV is cut back to its last complete line and analysed again.
 *
 * <p>A store is safe to share between threads (its methods are synchronized). Close it when done.
 */
public final class SessionStore implements AutoCloseable {
    public static final String DATABASE_FILE = "hiphike.db";
    public static final String RECORDINGS_FOLDER = "recordings";
    /** Where a session's samples came from: a sensor, a replayed recording, the simulated sensor, an imported file. */
    public static final List<String> ORIGINS = List.of("live", "replay", "simulated", "import");
    /** How long a write waits for another process's transaction before giving up. */
    static final int BUSY_TIMEOUT_MS = 15_000;
    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dataDir;
    private final Connection db;
    private final int foundSchemaVersion;
    private final List<Long> recoveredAtOpen;

    private SessionStore(Path dataDir, Connection db, int foundSchemaVersion) {
        this(dataDir, db, foundSchemaVersion, false);
    }

    private SessionStore(Path dataDir, Connection db, int foundSchemaVersion, boolean readOnly) {
        this.dataDir = dataDir;
        this.db = db;
        this.foundSchemaVersion = foundSchemaVersion;
        this.readOnly = readOnly;
        this.recoveredAtOpen = readOnly ? List.of() : List.copyOf(recoverInterrupted());
    }

    private final boolean readOnly;

    /** True when the data folder cannot be written: sessions are read, nothing is saved, changed or deleted. */
    public boolean readOnly() { return readOnly; }

    private void writable(String what) {
        if (readOnly) {
            throw new SessionStoreException("cannot " + what + ": the data folder " + dataDir + " is read-only"
                    + " (choose another with --data-dir, or make it writable)");
        }
    }

    /**
     * A data folder this process cannot write (a read-only mount, another user's folder): its database is read as it
     * is, without migrating it or recovering interrupted sessions, so the history and reports can still be seen.
     */
    private static SessionStore openReadOnly(Path dir) {
        Path file = dir.resolve(DATABASE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new SessionStoreException("the data folder " + dir + " is read-only and holds no session database"
                    + " (choose another with --data-dir)");
        }
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toUri() + "?immutable=1", config.toProperties());
            int version;
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            SessionStore store = new SessionStore(dir, db, version, true);
            store.problemsAtOpen.add("the data folder " + dir + " is read-only: sessions are shown, nothing new is saved,"
                    + " changed or deleted");
            return store;
        } catch (SQLException e) {
            throw new SessionStoreException("cannot read the session store in " + dir + " (the folder is read-only): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Opens (creating if needed) the store in a data folder, migrates an older schema and recovers
     * sessions whose recording process died.
     */
    public static SessionStore open(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        if (Files.isDirectory(dir) && (!Files.isWritable(dir)
                || Files.isRegularFile(dir.resolve(DATABASE_FILE)) && !Files.isWritable(dir.resolve(DATABASE_FILE)))) {
            return openReadOnly(dir);
        }
        try {
            Files.createDirectories(dir.resolve(RECORDINGS_FOLDER));
        } catch (IOException e) {
            throw new SessionStoreException("cannot create the data folder " + dir + ": " + describe(e), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        // Write transactions take the write lock when they begin (waiting up to the busy timeout), so two
        // writers never deadlock upgrading from read to write.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        long deadline = System.nanoTime() + BUSY_TIMEOUT_MS * 1_000_000L;
        for (long waitMs = 10; ; waitMs = Math.min(2 * waitMs, 500)) {
            Connection db = null;
            try {
                Path file = dir.resolve(DATABASE_FILE);
                boolean hadDatabase = Files.isRegularFile(file) && Files.size(file) > 0;
                db = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
                String damage = hadDatabase ? damageOf(db) : null;
                String setAside = null;
                if (damage != null) {
                    // Never write into a damaged file: it is kept aside as it is, for repair, and a new one begun.
                    closeQuietly(db);
                    db = null;
                    setAside = setAside(file);
                    db = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
                    hadDatabase = false;
                }
                // Two processes may open a new store at once: the first migrates, the second finds it done.
                Connection opened = db;
                int found = inTransaction(opened, () -> Schema.migrate(opened));
                SessionStore store = new SessionStore(dir, db, found);
                if (!hadDatabase) store.rebuildFromRecordings(damage, setAside);
                return store;
            } catch (IOException e) {
                closeQuietly(db);
                throw new SessionStoreException("cannot open the session store in " + dir + ": " + describe(e), e);
            } catch (SQLException e) {
                closeQuietly(db);
                // Switching a new database to WAL takes a lock SQLite does not wait for: another process opening
                // the store at the same moment makes it busy at once. Opening again shortly after succeeds.
                if (isBusy(e) && System.nanoTime() + waitMs * 1_000_000L < deadline) {
                    sleepQuietly(waitMs);
                    continue;
                }
                throw new SessionStoreException("cannot open the session store in " + dir + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeQuietly(db);
                throw e;
            }
        }
    }

    /** What SQLite's quick check finds wrong with an opened database, or null when it is sound. */
    private static String damageOf(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check(5)")) {
            List<String> found = new ArrayList<>();
            while (rs.next()) found.add(rs.getString(1));
            return found.equals(List.of("ok")) ? null : String.join("; ", found);
        } catch (SQLException e) {
            if (isBusy(e)) throw e;
            return e.getMessage(); // "file is not a database", "database disk image is malformed"
        }
    }

    /** Moves a damaged database (and its WAL files) aside; returns the name it now has. */
    private static String setAside(Path file) throws IOException {
        String name = file.getFileName() + ".damaged-" + FILE_STAMP.format(Instant.now());
        Files.move(file, file.resolveSibling(name), StandardCopyOption.REPLACE_EXISTING);
        for (String suffix : List.of("-wal", "-shm")) {
            Path f = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(f)) Files.move(f, file.resolveSibling(name + suffix), StandardCopyOption.REPLACE_EXISTING);
        }
        return name;
    }

    /**
     * A new database beside a recordings folder that holds sessions (the database was deleted, emptied or damaged):
     * the history is rebuilt from the recordings, each analysed again with the default thresholds, its start, source,
     * sensor and mounting from its head. What was lost with the database (notes, thresholds a session was recorded
     * with) is said in each rebuilt session.
     */
    private void rebuildFromRecordings(String damage, String setAside) {
        List<Path> files;
        try (var stream = Files.list(dataDir.resolve(RECORDINGS_FOLDER))) {
            files = stream.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            files = List.of();
        }
        int rebuilt = 0, unreadable = 0;
        String why = damage != null ? "the session database was damaged (" + damage + "); it is kept as " + setAside
                : "the session database was missing or empty";
        for (Path f : files) {
            if (RecordingLock.isHeld(f)) continue; // being recorded by another hiphike: it registers it itself
            try {
                Recording rec = new CsvRecordingReader(new CsvRecordingReader.Options(true, false)).read(f);
                Map<String, String> m = rec.metadata();
                Instant started;
                try {
                    started = Instant.parse(m.getOrDefault("started_at", ""));
                } catch (java.time.format.DateTimeParseException e) {
                    started = startOfName(f);
                }
                String axes = m.getOrDefault("mount", "+X+Y+Z");
                try {
                    AxisRemap.parse(axes);
                } catch (IllegalArgumentException e) {
                    axes = "+X+Y+Z";
                }
                SessionInfo info = new SessionInfo(started, m.getOrDefault("source", f.getFileName().toString()),
                        m.getOrDefault("sensor", "unknown"), rec.nominalRateHz(), axes, Thresholds.DEFAULTS, "");
                Report report = Analysis.analyze(rec, PipelineSettings.DEFAULTS, AxisRemap.parse(axes));
                String relative = RECORDINGS_FOLDER + "/" + f.getFileName();
                boolean added = inTransaction(db, () -> {
                    // Another process opening the store at the same moment may have registered it already.
                    try (PreparedStatement ps = db.prepareStatement("SELECT 1 FROM sessions WHERE recording_file = ?")) {
                        ps.setString(1, relative);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) return false;
                        }
                    }
                    long id = insertSession(info, "import", SessionStatus.RECORDING);
                    setRecordingFile(id, relative);
                    storeReport(id, report, SessionStatus.COMPLETE, "rebuilt from its recording: " + why);
                    return true;
                });
                if (added) rebuilt++;
            } catch (IOException | RecordingFormatException | SQLException | RuntimeException e) {
                unreadable++;
            }
        }
        if (rebuilt > 0 || unreadable > 0 || damage != null) {
            problemsAtOpen.add(why + "; the history was rebuilt from " + rebuilt + " recording" + (rebuilt == 1 ? "" : "s")
                    + " in " + dataDir.resolve(RECORDINGS_FOLDER)
                    + (unreadable > 0 ? " (" + unreadable + " could not be read and are left as they are)" : ""));
        }
    }

    /** The start a recording's file name carries (the store names them by it), else its last change. */
    private static Instant startOfName(Path f) throws IOException {
        String name = f.getFileName().toString();
        int cut = name.indexOf('_');
        if (cut > 0) {
            try {
                return Instant.from(FILE_STAMP.parse(name.substring(0, cut)));
            } catch (java.time.DateTimeException e) {
                // not one of the store's names
            }
        }
        return Files.getLastModifiedTime(f).toInstant();
    }

    private final List<String> problemsAtOpen = new ArrayList<>();

    /** What was wrong with the store when it was opened and what was done about it (empty when nothing was). */
    public List<String> problemsAtOpen() { return List.copyOf(problemsAtOpen); }

    private static boolean isBusy(SQLException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.sqlite.SQLiteException s
                    && (s.getResultCode().code & 0xff) == org.sqlite.SQLiteErrorCode.SQLITE_BUSY.code) return true;
        }
        return false;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreException("interrupted while the session store was busy", e);
        }
    }

    public Path dataDir() { return dataDir; }

    /** The schema version the database had when opened (0 for a new store); see {@link Schema}. */
    public int foundSchemaVersion() { return foundSchemaVersion; }

    /** Sessions recovered when this store was opened (their recording process had died). */
    public List<Long> recoveredAtOpen() { return recoveredAtOpen; }

    // ---- recording ----

    /**
     * Starts a live session: a row marked recording, a lock, and the CSV file the samples go to.
     * Samples are on disk at most a second after they arrive.
     */
    public synchronized SessionRecording start(SessionInfo info) { return start(info, "live"); }

    /**
     * Starts a session as {@link #start(SessionInfo)} does, with its origin: {@code live} (a sensor),
     * {@code replay} (a recording played through the live pipeline) or {@code simulated} (the simulated sensor).
     */
    public synchronized SessionRecording start(SessionInfo info, String origin) { return start(info, origin, Map.of()); }

    /**
     * As {@link #start(SessionInfo, String)}, with more CSV v1 metadata for the recording's head (protocol,
     * time_source, device_id, firmware: what the source knows about the device).
     */
    public synchronized SessionRecording start(SessionInfo info, String origin, Map<String, String> extraMetadata) {
        writable("start a session");
        if (!ORIGINS.contains(origin)) throw new IllegalArgumentException("unknown origin '" + origin + "'");
        long id;
        String fileName;
        try {
            id = inTransaction(db, () -> {
                long newId = insertSession(info, origin, SessionStatus.RECORDING);
                setRecordingFile(newId, fileNameOf(info, newId));
                return newId;
            });
            fileName = fileNameOf(info, id);
        } catch (SQLException e) {
            throw new SessionStoreException("cannot start a session in " + dataDir + ": " + e.getMessage(), e);
        }
        Path file = dataDir.resolve(fileName);
        try {
            return SessionRecording.start(this, id, info, file, extraMetadata);
        } catch (IOException e) {
            throw new SessionStoreException("cannot create the recording " + file + ": " + describe(e), e);
        }
    }

    private static String fileNameOf(SessionInfo info, long id) {
        return RECORDINGS_FOLDER + "/" + FILE_STAMP.format(info.startedAt()) + "_session-" + id + ".csv";
    }

    private void setRecordingFile(long id, String fileName) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE sessions SET recording_file = ? WHERE id = ?")) {
            ps.setString(1, fileName);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one immediate transaction: committed when it returns, rolled back when it
     * throws. Outside such transactions the connection is in autocommit mode, so it never holds a lock.
     */
    private static <T> T inTransaction(Connection db, SqlWork<T> work) throws SQLException {
        db.setAutoCommit(false); // BEGIN IMMEDIATE
        boolean done = false;
        try {
            T result = work.run();
            db.setAutoCommit(true); // COMMIT
            done = true;
            return result;
        } finally {
            if (!done) {
                try {
                    db.rollback();
                } catch (SQLException ignored) {
                    // the original error is what the user needs to see
                }
                db.setAutoCommit(true);
            }
        }
    }

    /**
     * Saving a session being recorded stopped (a full disk): the reason is kept with it now, while it is still being
     * recorded. Best effort: on a full disk the database may not take it either (the lock file's note is the other
     * copy, see {@link RecordingLock#note}).
     */
    synchronized void recordingFailed(long id, String failure) {
        if (readOnly) return;
        try (PreparedStatement ps = db.prepareStatement("UPDATE sessions SET failure = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, failure);
            ps.setLong(2, id);
            ps.setString(3, SessionStatus.RECORDING.dbName());
            ps.executeUpdate();
        } catch (SQLException e) {
            // the disk is full for the database too: the note in the lock file is kept for recovery
        }
    }

    /** Called by {@link SessionRecording#finish}: stores the report and marks the session complete. */
    synchronized StoredSession finished(long id, Report report, String failure) {
        try {
            inTransaction(db, () -> {
                storeReport(id, report, SessionStatus.COMPLETE, failure);
                return null;
            });
        } catch (SQLException e) {
            throw new SessionStoreException("cannot save session " + id + ": " + e.getMessage(), e);
        }
        return get(id);
    }

    /**
     * Stores an existing CSV v1 recording as a finished session: the file is copied into the store and
     * analysed with the settings and mounting of {@code info}.
     */
    public synchronized StoredSession importRecording(Path csv, SessionInfo info, PipelineSettings settings)
            throws IOException, RecordingFormatException {
        writable("import a recording");
        Recording recording = new CsvRecordingReader().read(csv);
        Report report = Analysis.analyze(recording, settings, AxisRemap.parse(info.axes()));
        long id;
        try {
            id = inTransaction(db, () -> {
                long newId = insertSession(info.withSettings(settings), "import", SessionStatus.RECORDING);
                String fileName = fileNameOf(info, newId);
                try {
                    Files.copy(csv, dataDir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new SessionStoreException("cannot copy " + csv + " into " + dataDir + ": " + describe(e), e);
                }
                setRecordingFile(newId, fileName);
                storeReport(newId, report, SessionStatus.COMPLETE, null);
                return newId;
            });
        } catch (SQLException e) {
            throw new SessionStoreException("cannot import " + csv + ": " + e.getMessage(), e);
        }
        return get(id);
    }

    private long insertSession(SessionInfo info, String origin, SessionStatus status) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO sessions (started_at, started_ms, status, origin, source, sensor, rate_hz, axes,
                                      thresholds_json, recording_file, notes, targets_json, settings_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, info.startedAt().toString());
            ps.setLong(2, info.startedAt().toEpochMilli());
            ps.setString(3, status.dbName());
            ps.setString(4, origin);
            ps.setString(5, info.source());
            ps.setString(6, info.sensor());
            ps.setDouble(7, info.rateHz());
            ps.setString(8, info.axes());
            ps.setString(9, ReportJson.toJson(info.thresholds()));
            ps.setString(10, info.notes());
            ps.setString(11, info.targets() == null ? null : ReportJson.toJson(info.targets()));
            ps.setString(12, info.settings() == null ? null : SettingsJson.toJson(info.pipelineSettings()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) throw new SQLException("no id for the new session");
                return keys.getLong(1);
            }
        }
    }

    private void storeReport(long id, Report report, SessionStatus status, String failure) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE sessions SET status = ?, ended_at = ?, report_json = ?, failure = ? WHERE id = ?")) {
            ps.setString(1, status.dbName());
            ps.setString(2, Instant.now().toString());
            ps.setString(3, ReportJson.toJson(report));
            if (failure == null) ps.setNull(4, Types.VARCHAR);
            else ps.setString(4, failure);
            ps.setLong(5, id);
            if (ps.executeUpdate() != 1) throw new NoSuchSessionException(id);
        }
        writeReportRows(db, id, report);
    }

    /** Replaces a session's rows in the reps table with the report's reps (also used by the v1-to-v2 migration). */
    static void writeReportRows(Connection db, long id, Report report) throws SQLException {
        try (PreparedStatement del = db.prepareStatement("DELETE FROM reps WHERE session_id = ?")) {
            del.setLong(1, id);
            del.executeUpdate();
        }
        int left = 0, right = 0;
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO reps (session_id, idx, set_idx, side, start_s, bottom_s, end_s, peak_drop_deg, hold_s,
                                  lower_s, raise_s, knee_drop_cm, faults)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Rep r : report.reps()) {
                if (r.side() == Side.LEFT) left++;
                else right++;
                ps.setLong(1, id);
                ps.setInt(2, r.index());
                ps.setInt(3, r.set());
                ps.setString(4, r.side().jsonName());
                ps.setDouble(5, r.startS());
                ps.setDouble(6, r.bottomS());
                ps.setDouble(7, r.endS());
                ps.setDouble(8, r.peakDropDeg());
                ps.setDouble(9, r.holdS());
                ps.setDouble(10, r.lowerS());
                ps.setDouble(11, r.raiseS());
                ps.setDouble(12, r.kneeDropCm());
                ps.setString(13, r.faults().stream().map(Fault::jsonName).collect(Collectors.joining(",")));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // Summary columns (the migration relies on this to fill them for old sessions).
        try (PreparedStatement ps = db.prepareStatement("""
                UPDATE sessions SET duration_s = ?, set_count = ?, reps_left = ?, reps_right = ?,
                  mean_peak_drop_deg = ?, mean_hold_s = ?, fault_counts_json = ? WHERE id = ?""")) {
            ps.setDouble(1, report.recording().durationS());
            ps.setInt(2, report.summary().setCount());
            ps.setInt(3, left);
            ps.setInt(4, right);
            ps.setDouble(5, report.summary().meanPeakDropDeg());
            ps.setDouble(6, report.summary().meanHoldS());
            ps.setString(7, ReportJson.toJson(report.summary().faultCounts()));
            ps.setLong(8, id);
            ps.executeUpdate();
        }
    }

    // ---- reading and editing ----

    private static final String SELECT = """
            SELECT id, started_at, started_ms, ended_at, status, origin, source, sensor, rate_hz, axes,
                   thresholds_json, recording_file, report_json, notes, failure, duration_s, set_count,
                   reps_left, reps_right, mean_peak_drop_deg, mean_hold_s, fault_counts_json, targets_json,
                   settings_json
            FROM sessions""";

    /** All sessions, oldest first. */
    public synchronized List<SessionSummary> list() {
        List<SessionSummary> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(SELECT + " ORDER BY started_ms, id")) {
            while (rs.next()) out.add(summaryOf(rs));
        } catch (SQLException e) {
            throw new SessionStoreException("cannot read the session store: " + e.getMessage(), e);
        }
        return out;
    }

    /** One session; {@link NoSuchSessionException} when there is none with that id. */
    public synchronized StoredSession get(long id) {
        try (PreparedStatement ps = db.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new NoSuchSessionException(id);
                SessionSummary summary = summaryOf(rs);
                // A session stored with a value out of range (by an older version, or a damaged file) stays readable
                // and deletable: its thresholds fall back to the defaults, its report to none, and it says so.
                String failure = rs.getString("failure");
                Thresholds thresholds;
                try {
                    thresholds = ReportJson.mapper().readValue(rs.getString("thresholds_json"), Thresholds.class);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    thresholds = Thresholds.DEFAULTS;
                    failure = joined(failure, "its stored thresholds are unreadable (" + firstLine(e) + "); the defaults are shown");
                }
                Targets targets = null;
                String targetsJson = rs.getString("targets_json");
                try {
                    if (targetsJson != null) targets = ReportJson.mapper().readValue(targetsJson, Targets.class);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    failure = joined(failure, "its stored prescription targets are unreadable (" + firstLine(e) + "); they are not shown");
                }
                PipelineSettings settings = null;
                String settingsJson = rs.getString("settings_json");
                try {
                    if (settingsJson != null) settings = SettingsJson.parse(settingsJson).withThresholds(thresholds);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    failure = joined(failure, "its stored pipeline settings are unreadable (" + firstLine(e)
                            + "); it is measured again with the defaults");
                }
                SessionInfo info = new SessionInfo(summary.startedAt(), summary.source(), summary.sensor(),
                        rs.getDouble("rate_hz"), rs.getString("axes"), thresholds, summary.notes(), targets, settings);
                String reportJson = rs.getString("report_json");
                Report report = null;
                try {
                    report = reportJson == null ? null : ReportJson.parse(reportJson);
                } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
                    report = reanalysed(dataDir.resolve(rs.getString("recording_file")), info.pipelineSettings(),
                            rs.getString("axes"));
                    failure = joined(failure, "its stored report is unreadable (" + firstLine(e) + ")"
                            + (report != null ? "; analysed again from its recording" : ""));
                }
                String ended = rs.getString("ended_at");
                StoredSession s = new StoredSession(summary, info, report, dataDir.resolve(rs.getString("recording_file")),
                        ended == null ? null : Instant.parse(ended), failure);
                return s;
            }
        } catch (SQLException e) {
            throw new SessionStoreException("cannot read session " + id + ": " + e.getMessage(), e);
        }
    }

    /** The report of a stored recording analysed now, or null when the recording cannot be read. */
    private static Report reanalysed(Path recording, PipelineSettings settings, String axes) {
        try {
            return Analysis.analyze(new CsvRecordingReader().read(recording), settings, AxisRemap.parse(axes));
        } catch (IOException | RecordingFormatException | RuntimeException e) {
            return null;
        }
    }

    private static String joined(String a, String b) { return a == null || a.isBlank() ? b : a + "; " + b; }

    private static String firstLine(Exception e) {
        Throwable c = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String m = c instanceof JsonProcessingException j ? j.getOriginalMessage() : c.getMessage();
        if (m == null) return e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    /** Replaces a session's notes. */
    public synchronized void setNotes(long id, String notes) {
        writable("change notes");
        try (PreparedStatement ps = db.prepareStatement("UPDATE sessions SET notes = ? WHERE id = ?")) {
            ps.setString(1, notes == null ? "" : notes);
            ps.setLong(2, id);
            if (ps.executeUpdate() != 1) throw new NoSuchSessionException(id);
        } catch (SQLException e) {
            throw new SessionStoreException("cannot change the notes of session " + id + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a session and its recording file. A session being recorded cannot be deleted. */
    public synchronized void delete(long id) {
        writable("delete a session");
        StoredSession s = get(id);
        if (s.summary().status() == SessionStatus.RECORDING && RecordingLock.isHeld(s.recordingFile())) {
            throw new SessionStoreException("session " + id + " is being recorded now; stop it first");
        }
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM sessions WHERE id = ?")) {
            ps.setLong(1, id);
            if (ps.executeUpdate() != 1) throw new NoSuchSessionException(id);
        } catch (SQLException e) {
            throw new SessionStoreException("cannot delete session " + id + ": " + e.getMessage(), e);
        }
        try {
            Files.deleteIfExists(s.recordingFile());
            Files.deleteIfExists(RecordingLock.lockFileOf(s.recordingFile()));
        } catch (IOException e) {
            throw new SessionStoreException("session " + id + " is deleted but its recording " + s.recordingFile()
                    + " could not be removed: " + describe(e), e);
        }
    }

    /**
     * Per-day or per-week aggregates of all reps of the sessions that started between two dates.
     *
     * @param from   first day, inclusive
     * @param to     last day, inclusive
     * @param period day or week buckets (weeks start on Monday)
     * @param zone   the zone whose calendar days are meant
     * @return one bucket per day or week that has at least one session, in date order
     */
    public synchronized List<TrendBucket> trends(LocalDate from, LocalDate to, TrendPeriod period, ZoneId zone) {
        return trends(from, to, period, zone, ORIGINS);
    }

    /**
     * Trends as {@link #trends(LocalDate, LocalDate, TrendPeriod, ZoneId)} of the sessions of some origins only
     * (the dashboard leaves out replays and the simulated sensor unless asked, so they do not inflate a
     * wearer's progress).
     *
     * @param origins the origins counted, each one of {@link #ORIGINS}; not empty
     */
    public synchronized List<TrendBucket> trends(LocalDate from, LocalDate to, TrendPeriod period, ZoneId zone,
                                                 Collection<String> origins) {
        if (origins.isEmpty()) throw new IllegalArgumentException("no origin chosen");
        for (String o : origins) {
            if (!ORIGINS.contains(o)) throw new IllegalArgumentException("unknown origin '" + o + "'");
        }
        List<String> chosen = List.copyOf(new LinkedHashSet<>(origins));
        String in = chosen.stream().map(o -> "?").collect(Collectors.joining(", ", "(", ")"));
        long fromMs = from.atStartOfDay(zone).toInstant().toEpochMilli();
        long toMs = to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        Trends trends = new Trends(period, zone);
        try {
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT id, started_ms FROM sessions WHERE started_ms >= ? AND started_ms < ? AND origin IN " + in)) {
                ps.setLong(1, fromMs);
                ps.setLong(2, toMs);
                for (int i = 0; i < chosen.size(); i++) ps.setString(3 + i, chosen.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) trends.session(Instant.ofEpochMilli(rs.getLong(2)));
                }
            }
            try (PreparedStatement ps = db.prepareStatement("""
                    SELECT s.started_ms, r.side, r.peak_drop_deg, r.hold_s, r.faults
                    FROM reps r JOIN sessions s ON s.id = r.session_id
                    WHERE s.started_ms >= ? AND s.started_ms < ? AND s.origin IN """ + in)) {
                ps.setLong(1, fromMs);
                ps.setLong(2, toMs);
                for (int i = 0; i < chosen.size(); i++) ps.setString(3 + i, chosen.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String faults = rs.getString(5);
                        trends.rep(Instant.ofEpochMilli(rs.getLong(1)), Side.fromJson(rs.getString(2)), rs.getDouble(3),
                                rs.getDouble(4), faults.isEmpty() ? List.of() : List.of(faults.split(",")));
                    }
                }
            }
        } catch (SQLException e) {
            throw new SessionStoreException("cannot read trends: " + e.getMessage(), e);
        }
        return trends.buckets();
    }

    // ---- recovery ----

    /** Recovers sessions left marked as recording by a process that is gone; returns their ids. */
    synchronized List<Long> recoverInterrupted() {
        List<Long> candidates = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id FROM sessions WHERE status = ?")) {
            ps.setString(1, SessionStatus.RECORDING.dbName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) candidates.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new SessionStoreException("cannot read the session store: " + e.getMessage(), e);
        }
        List<Long> recovered = new ArrayList<>();
        for (long id : candidates) {
            StoredSession s = get(id);
            try (RecordingLock lock = RecordingLock.tryAcquire(s.recordingFile())) {
                if (lock == null) continue; // its recorder is alive (this or another process)
                if (get(id).summary().status() != SessionStatus.RECORDING) continue; // recovered meanwhile
                Report report = reanalyse(s);
                String why = RecordingLock.noteOf(s.recordingFile());
                if (why == null) why = s.failure();
                String failure = why == null ? "recovered after the recording stopped unexpectedly"
                        : "saving stopped: " + why + "; recovered from what was saved";
                try {
                    inTransaction(db, () -> {
                        storeReport(id, report, SessionStatus.RECOVERED, failure);
                        return null;
                    });
                } catch (SQLException e) {
                    throw new SessionStoreException("cannot save recovered session " + id + ": " + e.getMessage(), e);
                }
                recovered.add(id);
                lock.deleteOnRelease();
            } catch (IOException e) {
                throw new SessionStoreException("cannot recover session " + id + " from " + s.recordingFile() + ": "
                        + describe(e), e);
            }
        }
        return recovered;
    }

    /** Cuts the recording back to its last complete line and analyses it with the session's settings. */
    private static Report reanalyse(StoredSession s) throws IOException {
        Path file = s.recordingFile();
        PipelineSettings settings = s.info().pipelineSettings(); // what it was recorded with, not the defaults
        String source = s.info().source().isEmpty() ? file.toString() : s.info().source();
        String text = SessionRecording.cutToLastCompleteLine(file); // killed before the file was made: ""
        try {
            Recording recording = new CsvRecordingReader(new CsvRecordingReader.Options(true, false))
                    .read(new StringReader(text), source);
            return Analysis.analyze(recording, settings, AxisRemap.parse(s.info().axes()));
        } catch (RecordingFormatException e) {
            // No samples got to disk: keep the session, with nothing measured.
            return Report.of(new Report.RecordingInfo(source, 0, 0, s.info().rateHz(), 0, "device"),
                    s.info().thresholds(), List.of());
        }
    }

    // ---- helpers ----

    private SessionSummary summaryOf(ResultSet rs) throws SQLException {
        Map<String, Integer> faults;
        try {
            faults = ReportJson.mapper().readValue(rs.getString("fault_counts_json"), new TypeReference<LinkedHashMap<String, Integer>>() {});
        } catch (JsonProcessingException e) {
            faults = Map.of();
        }
        return new SessionSummary(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("started_ms")),
                SessionStatus.fromDb(rs.getString("status")), rs.getString("origin"), rs.getString("source"),
                rs.getString("sensor"), rs.getDouble("duration_s"), rs.getInt("set_count"), rs.getInt("reps_left"),
                rs.getInt("reps_right"), rs.getDouble("mean_peak_drop_deg"), rs.getDouble("mean_hold_s"), faults,
                rs.getString("notes"));
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // opening failed already
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase()
                + (m == null ? "" : " (" + m + ")");
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new SessionStoreException("cannot close the session store: " + e.getMessage(), e);
        }
    }
}

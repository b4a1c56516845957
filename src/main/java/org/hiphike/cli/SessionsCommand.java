package org.hiphike.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hiphike.exercise.Report;
import org.hiphike.recording.RecordingFormatException;
import org.hiphike.session.SessionInfo;
import org.hiphike.session.SessionStore;
import org.hiphike.session.SessionStoreException;
import org.hiphike.session.SessionSummary;
import org.hiphike.session.StoredSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hiphike sessions}: the session history, and its show, delete, note and import subcommands. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = {"List the stored sessions (date, duration, sets, reps per side, faults).",
                "Every live or replayed session is stored; `sessions import` adds a recording file.",
                "Exit codes: 0 done, 2 bad input (unknown session, unreadable file, store cannot be opened)."},
        subcommands = {SessionsCommand.Show.class, SessionsCommand.Delete.class, SessionsCommand.Note.class,
                SessionsCommand.Import.class, SessionsCommand.Trends.class})
public final class SessionsCommand implements Callable<Integer> {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    @Mixin
    DataDirOption data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return run(spec, "sessions", () -> {
            try (SessionStore store = data.open()) {
                PrintWriter out = spec.commandLine().getOut();
                recoveredNote(store, spec.commandLine().getErr());
                List<SessionSummary> all = store.list();
                if (all.isEmpty()) {
                    out.println("No sessions yet in " + store.dataDir() + " (hiphike sessions import FILE adds a recording).");
                    return 0;
                }
                out.println(String.format(Locale.ROOT, "%4s  %-16s  %8s  %4s  %5s  %5s  %-9s  %s", "id", "date", "duration", "sets",
                        "left", "right", "status", "faults"));
                for (SessionSummary s : all) {
                    out.println(String.format(Locale.ROOT, "%4d  %-16s  %8s  %4d  %5d  %5d  %-9s  %s", s.id(), when(s.startedAt()),
                            duration(s.durationS()), s.setCount(), s.repsLeft(), s.repsRight(), s.status().dbName(),
                            faults(s.faultCounts())));
                }
                return 0;
            }
        });
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one session: details, sets and reps.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") long id;
        @Mixin DataDirOption data;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec, "sessions show", () -> {
                try (SessionStore store = data.open()) {
                    StoredSession s = store.get(id);
                    PrintWriter out = spec.commandLine().getOut();
                    SessionSummary m = s.summary();
                    out.println("Session " + m.id() + " (" + m.status().dbName() + ", " + m.origin() + ")");
                    out.println("Started:   " + when(m.startedAt()) + " (" + ZoneId.systemDefault() + ")");
                    out.println("Sensor:    " + m.sensor() + ", axes " + s.info().axes()
                            + (s.info().rateHz() > 0 ? String.format(Locale.ROOT, ", %.0f Hz", s.info().rateHz()) : ""));
                    out.println("Source:    " + m.source());
                    out.println("Recording: " + s.recordingFile());
                    if (!m.notes().isBlank()) out.println("Notes:     " + m.notes());
                    if (s.failure() != null) out.println("Problem:   " + s.failure());
                    Report r = s.report();
                    if (r == null) {
                        out.println("Still being recorded: no report yet.");
                    } else {
                        out.println();
                        out.print(AnalyzeCommand.table(r));
                    }
                    out.flush();
                    return 0;
                }
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a session and its recording file.")
    static final class Delete implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") long id;
        @Option(names = {"-y", "--yes"}, description = "Do not ask.") boolean yes;
        @Mixin DataDirOption data;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec, "sessions delete", () -> {
                try (SessionStore store = data.open()) {
                    StoredSession s = store.get(id);
                    PrintWriter out = spec.commandLine().getOut();
                    if (!yes) {
                        SessionSummary m = s.summary();
                        out.print(String.format(Locale.ROOT, "Delete session %d of %s (%d reps) and its recording? [y/N] ", id,
                                when(m.startedAt()), m.repCount()));
                        out.flush();
                        // Standard input is read only when asking, so that --yes works without one.
                        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                        if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                            out.println("Kept.");
                            out.flush();
                            return 1;
                        }
                    }
                    store.delete(id);
                    out.println("Deleted session " + id + ".");
                    out.flush();
                    return 0;
                }
            });
        }
    }

    @Command(name = "note", mixinStandardHelpOptions = true, description = "Set a session's notes (replaces them; \"\" clears).")
    static final class Note implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") long id;
        @Parameters(index = "1", paramLabel = "TEXT") String text;
        @Mixin DataDirOption data;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec, "sessions note", () -> {
                try (SessionStore store = data.open()) {
                    store.setNotes(id, text);
                    spec.commandLine().getOut().println("Notes of session " + id + " saved.");
                    spec.commandLine().getOut().flush();
                    return 0;
                }
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Store a recording (CSV v1) as a session: the file is copied into the store and analysed.")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE") Path file;
        @Option(names = "--note", paramLabel = "TEXT", description = "Notes for the session.") String note;
        @Mixin PrescriptionOptions prescription;
        @Mixin DataDirOption data;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec, "sessions import", () -> {
                if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
                Map<String, String> meta = RecordingLoader.load(file, false).metadata();
                Dated dated = startedAt(meta.get("started_at"), file);
                Instant started = dated.at();
                String notes = note != null ? note : meta.getOrDefault("note", "");
                double rate = 0;
                try {
                    rate = Double.parseDouble(meta.getOrDefault("rate_hz", "0").trim());
                } catch (NumberFormatException ignored) {
                    // measured from the samples instead
                }
                SessionInfo info = new SessionInfo(started, file.toString(), meta.get("sensor"), Math.max(0, rate),
                        prescription.remap().name(), prescription.thresholds(), notes,
                        prescription.targetDepthDeg() == null ? null
                                : new org.hiphike.session.Targets(null, null, null, prescription.targetDepthDeg()));
                try (SessionStore store = data.open()) {
                    StoredSession s = store.importRecording(file, info, prescription.settings());
                    SessionSummary m = s.summary();
                    spec.commandLine().getOut().println(String.format(Locale.ROOT,
                            "Stored as session %d: %s, %d set(s), %d left and %d right reps.", m.id(),
                            duration(m.durationS()), m.setCount(), m.repsLeft(), m.repsRight()));
                    spec.commandLine().getOut().println("Dated " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                            .format(started.atZone(ZoneId.systemDefault())) + " " + dated.how() + ".");
                    spec.commandLine().getOut().flush();
                    return 0;
                }
            });
        }

        /** When a session started, and from what: the recording's own start time, or the file's. */
        record Dated(Instant at, String how) {}

        /**
         * The recording's {@code started_at} (ISO-8601: with a zone or an offset, or a local time taken in this
         * machine's zone) when it has one; else the file's modification time, which a copy or a download resets.
         */
        static Dated startedAt(String declared, Path file) throws IOException {
            String why = "the recording has no started_at";
            if (declared != null && !declared.isBlank()) {
                String d = declared.trim();
                try {
                    return new Dated(java.time.OffsetDateTime.parse(d).toInstant(), "from the recording's started_at");
                } catch (java.time.format.DateTimeParseException e) {
                    try {
                        return new Dated(java.time.LocalDateTime.parse(d).atZone(ZoneId.systemDefault()).toInstant(),
                                "from the recording's started_at (a local time, taken in this machine's time zone)");
                    } catch (java.time.format.DateTimeParseException e2) {
                        why = "the recording's started_at '" + (d.length() > 40 ? d.substring(0, 40) + "…" : d) + "' is not an ISO-8601 time";
                    }
                }
            }
            return new Dated(Files.getLastModifiedTime(file).toInstant(), "from the file's modification time (" + why + ")");
        }
    }

    @Command(name = "trends", mixinStandardHelpOptions = true,
            description = "Per-day or per-week aggregates of the reps of all sessions: reps, mean depth, mean hold, "
                    + "share of reps with a fault, per side.")
    static final class Trends implements Callable<Integer> {
        @Option(names = "--week", description = "Weekly buckets (Monday to Sunday) instead of daily ones.") boolean week;
        @Option(names = "--from", paramLabel = "DATE", description = "First day, YYYY-MM-DD (default: 90 days ago).")
        java.time.LocalDate from;
        @Option(names = "--to", paramLabel = "DATE", description = "Last day, YYYY-MM-DD (default: today).")
        java.time.LocalDate to;
        @Mixin DataDirOption data;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec, "sessions trends", () -> {
                ZoneId zone = ZoneId.systemDefault();
                java.time.LocalDate last = to != null ? to : java.time.LocalDate.now(zone);
                java.time.LocalDate first = from != null ? from : last.minusDays(90);
                if (first.isAfter(last)) throw new IllegalArgumentException("--from " + first + " is after --to " + last);
                try (SessionStore store = data.open()) {
                    PrintWriter out = spec.commandLine().getOut();
                    var buckets = store.trends(first, last,
                            week ? org.hiphike.session.TrendPeriod.WEEK : org.hiphike.session.TrendPeriod.DAY, zone);
                    if (buckets.isEmpty()) {
                        out.println("No sessions between " + first + " and " + last + ".");
                    } else {
                        out.println(String.format(Locale.ROOT, "%-10s  %8s  %4s  %9s  %6s  %6s  %-22s  %-22s", week ? "week of" : "day",
                                "sessions", "reps", "depth deg", "hold s", "faulty", "left (reps/deg/s)", "right (reps/deg/s)"));
                        for (var b : buckets) {
                            var all = b.all();
                            out.println(String.format(Locale.ROOT, "%-10s  %8d  %4d  %9.1f  %6.2f  %5.0f%%  %-22s  %-22s",
                                    b.periodStart(), b.sessionCount(), all.repCount(), all.meanPeakDropDeg(), all.meanHoldS(),
                                    100 * all.faultRate(), side(b.bySide().get(org.hiphike.exercise.Side.LEFT)),
                                    side(b.bySide().get(org.hiphike.exercise.Side.RIGHT))));
                        }
                    }
                    out.flush();
                    return 0;
                }
            });
        }

        private static String side(org.hiphike.session.TrendBucket.SideTrend t) {
            return t == null ? "-" : String.format(Locale.ROOT, "%d / %.1f / %.2f", t.repCount(), t.meanPeakDropDeg(), t.meanHoldS());
        }
    }

    // ---- shared ----

    interface Body {
        int run() throws Exception;
    }

    /** Runs a command body; bad input and store problems are one line on stderr and exit code 2. */
    static int run(CommandLine.Model.CommandSpec spec, String name, Body body) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return body.run();
        } catch (SessionStoreException | RecordingFormatException | IllegalArgumentException e) {
            err.println("hiphike " + name + ": " + e.getMessage());
        } catch (IOException e) {
            err.println("hiphike " + name + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (Exception e) {
            err.println("hiphike " + name + ": " + e);
        }
        err.flush();
        return 2;
    }

    static void recoveredNote(SessionStore store, PrintWriter err) {
        if (!store.recoveredAtOpen().isEmpty()) {
            err.println("Recovered " + store.recoveredAtOpen().size() + " session(s) cut off by a crash: "
                    + store.recoveredAtOpen().stream().map(String::valueOf).collect(Collectors.joining(", ")));
            err.flush();
        }
    }

    static String when(Instant t) { return WHEN.format(t.atZone(ZoneId.systemDefault())); }

    static String duration(double s) {
        long total = Math.round(s);
        return String.format(Locale.ROOT, "%d:%02d", total / 60, total % 60);
    }

    static String faults(Map<String, Integer> counts) {
        String f = counts.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return f.isEmpty() ? "-" : f;
    }
}
